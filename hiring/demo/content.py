"""What the demo shows: accounts, jobs, fictional candidates, their interviews and what
the interviewers wrote. Demo only: never seed these on a real deployment."""

from __future__ import annotations

from dataclasses import dataclass

from hiring.jobs.services import JobInput


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    roles: tuple[str, ...]
    password: str


# Documented in README.md. Demo only: never seed these on a real deployment.
DEMO_ACCOUNTS = (
    DemoAccount("admin@example.com", "Ada Admin", ("admin",), "demo-admin-passphrase"),
    DemoAccount(
        "manager@example.com", "Maya Manager", ("hiring_manager",), "demo-manager-passphrase"
    ),
    DemoAccount(
        "recruiter@example.com", "Rui Recruiter", ("recruiter",), "demo-recruiter-passphrase"
    ),
    DemoAccount(
        "interviewer@example.com",
        "Ines Interviewer",
        ("interviewer",),
        "demo-interviewer-passphrase",
    ),
)

DEMO_JOBS = (
    (
        JobInput(
            title="Senior machine learning engineer, search ranking",
            role_family="ml-engineer",
            level="senior",
            team="Search relevance",
            company_stage="building",
            focus="product",
            location="Berlin, Germany",
            remote_policy="hybrid",
            remote_regions="",
            employment_type="FULL_TIME",
            salary_min=95_000,
            salary_max=125_000,
            salary_currency="EUR",
            headcount=1,
            target_start=None,
        ),
        True,
    ),
    (
        JobInput(
            title="Data scientist, pricing",
            role_family="data-scientist",
            level="mid",
            team="Marketplace pricing",
            company_stage="scaling",
            focus="data",
            location="",
            remote_policy="remote",
            remote_regions="United States, Canada",
            employment_type="FULL_TIME",
            salary_min=140_000,
            salary_max=175_000,
            salary_currency="USD",
            headcount=2,
            target_start=None,
        ),
        False,
    ),
    (
        JobInput(
            title="MLOps engineer, model platform",
            role_family="mlops-engineer",
            level="mid",
            team="ML platform",
            company_stage="building",
            focus="platform",
            location="New York, New York",
            remote_policy="hybrid",
            remote_regions="",
            employment_type="FULL_TIME",
            salary_min=None,
            salary_max=None,
            salary_currency="USD",
            headcount=1,
            target_start=None,
        ),
        False,
    ),
)

# Fictional people on the published demo job, spread over the pipeline.
DEMO_CANDIDATES = (
    ("Priya Raman", "priya.raman@example.net", "referral", "applied", ()),
    ("Tomás Herrera", "tomas.herrera@example.net", "sourced", "recruiter-screen", ("ranking",)),
    ("Mei Lin", "mei.lin@example.net", "inbound", "overview", ("ranking", "search")),
    ("Jonas Berg", "jonas.berg@example.net", "event", "technical-loop", ()),
    ("Amara Okafor", "amara.okafor@example.net", "agency", "debrief", ("search",)),
    ("Lena Vogel", "lena.vogel@example.net", "referral", "debrief", ("ranking",)),
)

# Interviewers who are invited but have not signed in yet; their scorecards fill the
# demo debrief.
DEMO_COLLEAGUES = (
    ("omar.ortiz@example.com", "Omar Ortiz"),
    ("sofia.petrova@example.com", "Sofia Petrova"),
)
INTERVIEWER = "interviewer@example.com"
OMAR, SOFIA = (email for email, _ in DEMO_COLLEAGUES)


@dataclass(frozen=True)
class DemoCard:
    """A submitted scorecard: skill -> (rating, evidence); other focus skills are marked
    not assessed."""

    interviewer: str
    ratings: dict[str, tuple[int, str]]
    recommendation: str
    notes: str = ""
    # Hours from the interview's end to the submit, so calibration shows a turnaround.
    hours_after: int = 3


@dataclass(frozen=True)
class DemoInterview:
    """A past interview; an interviewer on it without a card owes a (late) scorecard."""

    candidate: str
    round_id: str
    days_ago: int
    interviewers: tuple[str, ...]
    cards: tuple[DemoCard, ...] = ()


# Amara's loop is under way: coding is in, the breadth scorecard is late, the rest is
# not scheduled, so her evaluation is incomplete. Lena's loop is complete: strong
# coding and fundamentals, ML system design below the senior bar, and gaps in two
# trainable skills, so her debrief has a must-have below the bar, a growth plan, a
# recommendation split and a level to consider.
DEMO_INTERVIEWS = (
    DemoInterview(
        "amara.okafor@example.net",
        "coding",
        4,
        (INTERVIEWER,),
        (
            DemoCard(
                INTERVIEWER,
                {
                    "coding": (
                        3,
                        "Wrote k-means from a blank file in 25 minutes, vectorised the distance "
                        "step with NumPy and handled the empty-cluster case once asked about it.",
                    ),
                    "ml-fundamentals": (
                        3,
                        "Explained why the validation loss rose while training loss fell, and "
                        "chose early stopping over a bigger model, with the reason.",
                    ),
                },
                "yes",
                "Solid fundamentals; probe **monitoring** in the systems round.",
            ),
        ),
    ),
    DemoInterview("amara.okafor@example.net", "breadth", 3, (INTERVIEWER,)),
    DemoInterview(
        "lena.vogel@example.net",
        "overview",
        9,
        (OMAR,),
        (
            DemoCard(
                OMAR,
                {
                    "mentoring": (
                        3,
                        "Described pairing a new graduate through their first ranking "
                        "experiment and the review checklist she wrote for the team.",
                    ),
                    "collaboration": (
                        3,
                        "Gave product and data engineering credit by name for the launch "
                        "and explained how they settled a metric disagreement.",
                    ),
                },
                "yes",
            ),
        ),
    ),
    DemoInterview(
        "lena.vogel@example.net",
        "coding",
        8,
        (INTERVIEWER, OMAR),
        (
            DemoCard(
                INTERVIEWER,
                {
                    "coding": (
                        3,
                        "Implemented logistic regression with SGD from scratch, tested the "
                        "gradient numerically and kept the functions small and named.",
                    ),
                    "ml-fundamentals": (
                        3,
                        "Related the learning rate to divergence on her own plot and added "
                        "L2 regularisation when the weights grew, saying why.",
                    ),
                    "software-engineering": (
                        3,
                        "Split data loading from training, wrote two unit tests first and "
                        "handled the empty batch without being asked.",
                    ),
                },
                "yes",
            ),
            DemoCard(
                OMAR,
                {
                    "coding": (
                        4,
                        "Finished early, then vectorised the update and explained the "
                        "numerical stability of the log-loss with the log-sum-exp trick.",
                    ),
                    "ml-fundamentals": (
                        3,
                        "Explained calibration of the predicted probabilities and how she "
                        "would check it on held-out data.",
                    ),
                    "software-engineering": (
                        3,
                        "Used type hints and a small dataclass for the config; refactored "
                        "the loop into a testable step function when asked.",
                    ),
                },
                "strong_yes",
            ),
        ),
    ),
    DemoInterview(
        "lena.vogel@example.net",
        "breadth",
        7,
        (SOFIA,),
        (
            DemoCard(
                SOFIA,
                {
                    "ml-fundamentals": (
                        3,
                        "Compared bagging and boosting on bias and variance and picked "
                        "gradient boosting for the tabular case with the reason.",
                    ),
                    "experiment-design": (
                        1,
                        "Proposed an A/B test without a power calculation and could not say "
                        "how long it should run or which metric would decide it.",
                    ),
                },
                "yes",
            ),
        ),
    ),
    DemoInterview(
        "lena.vogel@example.net",
        "depth",
        6,
        (OMAR,),
        (
            DemoCard(
                OMAR,
                {
                    "model-evaluation": (
                        4,
                        "Walked through her ranking project's offline evaluation: a "
                        "time-based split, NDCG against a popularity baseline, and how she "
                        "caught position bias in the logged clicks before trusting the gain.",
                    ),
                },
                "yes",
            ),
        ),
    ),
    DemoInterview(
        "lena.vogel@example.net",
        "ml-systems",
        5,
        (SOFIA,),
        (
            DemoCard(
                SOFIA,
                {
                    "ml-systems-design": (
                        2,
                        "Designed one model server behind the search API but had no cache, "
                        "no fallback when the model times out and no way to roll back.",
                    ),
                    "software-engineering": (
                        3,
                        "Sketched clear interfaces between the feature service and the "
                        "ranker and named the contract tests she would add.",
                    ),
                    "mlops": (
                        2,
                        "Knew canary releases but had never set up monitoring for feature "
                        "drift; asked good questions about the platform team's tooling.",
                    ),
                },
                "no",
                hours_after=30,
            ),
        ),
    ),
)

# An upcoming interview, scheduled the ordinary way: the candidate in the technical
# loop, two days from now, so the demo interviewer has one on "My interviews".
DEMO_UPCOMING = ("jonas.berg@example.net", ("ml-systems", "depth", "coding"), 2)
