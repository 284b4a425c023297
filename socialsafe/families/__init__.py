"""Every family told and asked: invitations to acknowledge the policy and the Code of Conduct, and coverage."""
