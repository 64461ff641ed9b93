"""The native phase breakdown (scripts/bench/native_phases.py): shares read from `perf report`, charged per phase to
the measured process only."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import native_phases  # noqa: E402

COMMS = """\
# Samples: 2K of event 'cpu-clock'
#
    80.00%  oot.default-qos
    10.00%  plinv-curl
     6.00%  one.sh
     4.00%  rm
"""

CHILDREN = """\
# Children      Self  Symbol
    40.00%     0.00%  [.] $s9Collector12ItemRecorderV6record_5index9serviceId8AWSQuery15XMLElementIndexVSgAG0I5BytesV_SiSSSgtKF
    36.00%     0.00%  [.] $s9Collector12ItemRecorderV6record_5index9serviceId8AWSQuery15XMLElementIndexVSgAG0I5BytesV_SiSSSgtKF (inlined)
     9.00%     9.00%  [.] sqlite3_step
    12.00%     0.00%  [.] $s5Store11ScopeWriterV5write_4intoyAA0B5DraftC_AA08SnapshotC0VztKF (inlined)
     3.00%     3.00%  [.] sqlite3_step_helper
     4.50%     1.00%  [k] asm_exc_page_fault
"""


def test_process_shares_are_summed_by_name() -> None:
    shares = native_phases.comm_shares(COMMS + "    1.00%  plinv-curl\n")
    assert shares == {"oot.default-qos": 80.0, "plinv-curl": 11.0, "one.sh": 6.0, "rm": 4.0}


def test_a_phase_is_its_largest_symbols_share_of_the_measured_process() -> None:
    rows = native_phases.inclusive_shares(CHILDREN)
    assert (4.5, "asm_exc_page_fault") in rows and len(rows) == 6
    phases = [("record", r"ItemRecorderV6record_5index"), ("step", r"^sqlite3_step$"), ("none", r"NoSuchSymbol")]
    # The measured process took 90 % of the samples (the wrapper and `rm` the rest): its phase's largest row, 40 %
    # (the same function also appears inlined, at 36 %), is 44.4 % of it.
    shares = native_phases.phase_shares(rows, 90.0, phases)
    assert [round(share, 1) for share in shares] == [44.4, 10.0, 0.0]
    assert native_phases.phase_shares(rows, 0.0, phases) == [0.0, 0.0, 0.0]


def test_a_recording_is_read_for_the_measured_process_only(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    def report(arguments: list[str]) -> str:
        calls.append(arguments)
        return COMMS if "comm" in arguments[arguments.index("--sort") + 1] else CHILDREN

    monkeypatch.setattr(native_phases, "run_perf", report)
    shares = native_phases.shares_of("x.data", [("record", r"ItemRecorderV6record_5index")])
    # The symbols are read for the two processes that are not wrappers, which took 90 % of the samples.
    assert calls[-1][calls[-1].index("--comm") + 1] == "oot.default-qos,plinv-curl"
    assert [round(share, 1) for share in shares] == [44.4]


def test_a_recording_of_wrappers_alone_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(native_phases, "run_perf", lambda arguments: "     6.00%  one.sh\n     4.00%  rm\n")
    with pytest.raises(SystemExit):
        native_phases.shares_of("x.data", [("record", r"x")])


def test_every_phase_pattern_compiles() -> None:
    for phases in native_phases.PHASES.values():
        assert native_phases.phase_shares([(1.0, "x")], 1.0, phases) == [0.0] * len(phases)
