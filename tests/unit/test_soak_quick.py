"""``make soak`` at a small size: every upload accounted for, no duplicate, no lost reply,
under the injected throttles and the ingest crash (issue 15, point 8)."""

from __future__ import annotations

from benchmarks.soak import render, run


def test_a_small_soak_accounts_for_every_upload():
    result = run(total=12, seed=1504, timeout=600)
    assert not result["timed_out"]
    assert result["unaccounted"] == []
    assert sum(result["outcomes"].values()) == result["sent"]
    assert result["duplicates"] == 0
    assert result["genuine_replies"] == result["case_declarations"] >= 2
    assert result["lost_replies"] == 0
    assert result["faults"]["ingest crash after processing its batch"] == 1
    assert result["faults"]["SendTaskSuccess throttled"] >= 2
    assert "| Genuine replies / lost |" in render(result, {"CPU": "test"})
