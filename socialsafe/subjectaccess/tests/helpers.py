import json
import zipfile

from socialsafe.subjectaccess.export import open_export
from socialsafe.subjectaccess.services import export_path


def zip_of(export) -> zipfile.ZipFile:
    return zipfile.ZipFile(open_export(export_path(export)))


def data_of(export) -> dict:
    with zip_of(export) as zf:
        return json.loads(zf.read("data.json"))
