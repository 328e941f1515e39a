import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from portal_helpers import NOW

from huvudman.datafiles.rules import load_rules
from huvudman.portal.app import create_app
from huvudman.portal.settings import PortalSettings
from huvudman.services.demo.portal_seed import seed_demo
from huvudman.services.forecast.chance_service import ChanceService
from huvudman.services.streets.walking_service import WalkingService
from huvudman.store.database import sessions


@pytest.fixture
def portal(engine, db_url, tmp_path):
    """The portal on a fresh database (SQLite and PostgreSQL) with a small demo municipality
    and a clock the test can move."""
    with sessions(engine).begin() as s:
        # governance history has its own test (tests/portal/test_demo_governance.py)
        assert seed_demo(s, tmp_path, children=400, schools=8, seed=5, governance=False)
    clock = {"now": NOW}
    settings = PortalSettings(secret_key="test", secure_cookies=False, now=lambda: clock["now"])
    last = tmp_path / "last-year"
    chances = ChanceService(last / "schools.csv", last / "children.csv", load_rules(None), 100)
    walking = WalkingService(tmp_path / "this-year" / "streets.osm")
    app = create_app(db_url, settings, chances, walking=walking, runs_dir=tmp_path / "runs")
    yield app, clock
    app.state.engine.dispose()
