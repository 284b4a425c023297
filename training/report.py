"""The model card's tables, from the figures the build recorded (`python -m training.report`)."""

import json
import statistics

from socialsafe.moderation.classifier import LABELS, MODEL_DIR

SCORERS = ("linear", "encoder", "blend", "blend_with_readings", "shipped", "alt_profanity_check")
HEADS = (
    "linear alone",
    "encoder head alone",
    "blend",
    "blend + readings",
    "**shipped: cascade + readings**",
    "alt-profanity-check",
)


def _auc(r: dict, key: str) -> str:
    return f"{r[key]['auc']:.3f}" if key in r else "–"


def main() -> None:
    """Print the leave-one-source-out and validation tables as Markdown."""
    report = json.loads((MODEL_DIR / "evaluation.json").read_text(encoding="utf-8"))
    loso = report["leave_one_source_out"]
    print('Leave-one-source-out, the highest of the six scores against "abusive under any label" (ROC-AUC):\n')
    print("| left out | rows | " + " | ".join(HEADS) + " |")
    print("|---|---|" + "---|" * len(HEADS))
    means: dict[str, list[float]] = {k: [] for k in SCORERS}
    for name in sorted(loso):
        r = loso[name]
        n = next((v["max_of_six"]["n"] for v in r.values() if "max_of_six" in v), None)
        cells = []
        for k in SCORERS:
            cell = _auc(r.get(k, {}), "max_of_six")
            cells.append(cell)
            if cell != "–":
                means[k].append(float(cell))
        print(f"| {name} | {n if n else '–'} | " + " | ".join(cells) + " |")
    print("| **mean** | | " + " | ".join(f"**{statistics.mean(v):.3f}**" if v else "–" for v in means.values()) + " |")
    print("\nLeave-one-source-out per label, as shipped (ROC-AUC; alt-profanity-check in brackets):\n")
    print("| left out | " + " | ".join(LABELS) + " |")
    print("|---|" + "---|" * len(LABELS))
    for name in sorted(loso):
        r = loso[name]
        ours, apc = r["shipped"], r.get("alt_profanity_check", {})
        cells = [f"{_auc(ours, k)} ({_auc(apc, k)})" if k in ours else "–" for k in LABELS]
        print(f"| {name} | " + " | ".join(cells) + " |")
    val = report["in_distribution"]
    print("\nValidation split (in-distribution), ROC-AUC:\n")
    print("| scorer | " + " | ".join([*LABELS, "max_of_six"]) + " |")
    print("|---|" + "---|" * (len(LABELS) + 1))
    for k, head in zip(SCORERS[:5], HEADS[:5], strict=True):
        r = val[k]["all"]
        print(f"| {head} | " + " | ".join(_auc(r, key) for key in [*LABELS, "max_of_six"]) + " |")


if __name__ == "__main__":
    main()
