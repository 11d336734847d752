"""`rencontre serve` gives the numeric libraries one thread per server process by default."""

from __future__ import annotations

from rencontre.cli.web import NUMERIC_THREAD_VARIABLES, one_numeric_thread


def test_unset_thread_variables_become_one() -> None:
    environ = {"OPENBLAS_NUM_THREADS": "", "PATH": "/bin"}
    one_numeric_thread(environ)
    assert environ == {
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PATH": "/bin",
    }
    assert set(NUMERIC_THREAD_VARIABLES) < environ.keys()


def test_thread_variables_set_by_the_environment_are_kept() -> None:
    environ = {"OMP_NUM_THREADS": "4", "MKL_NUM_THREADS": "2"}
    one_numeric_thread(environ)
    assert environ == {"OMP_NUM_THREADS": "4", "MKL_NUM_THREADS": "2", "OPENBLAS_NUM_THREADS": "1"}
