import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from letter_helpers import make_run


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory) -> Path:
    """One placed run with its letters, shared by the letters tests."""
    return make_run(tmp_path_factory.mktemp("letters"))
