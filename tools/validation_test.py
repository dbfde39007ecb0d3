#!/usr/bin/python3
"""Tests of tools/validation.py's machinery on synthetic rows (no simulation): a check's
outcome against its tolerance, ranges and bounds, what a short run may leave undecided,
and --check / --short failing on an outcome other than the recorded one, on a stale
document, and on a realworld.md row nothing names. Run by CTest (validation_selftest);
needs PYTHONPATH to reach the built plegsim package (validation_checks imports it)."""
import math
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import validation  # noqa: E402
from validation_checks import INFO, MISS, PASS, Check, Row  # noqa: E402


class CheckOutcome(unittest.TestCase):
    def test_relative_tolerance_both_sides(self):
        self.assertEqual(Check("x", 100.0, [119.0, 121.0], rel=0.2).outcome, PASS)
        self.assertEqual(Check("x", 100.0, [121.0, 122.0], rel=0.2).outcome, MISS)
        self.assertEqual(Check("x", 100.0, [79.0], rel=0.2).outcome, MISS)
        self.assertAlmostEqual(Check("x", 100.0, [110.0], rel=0.2).relative_error, 0.10)

    def test_range_and_lower_bound(self):
        inside = Check("x", (1.0, 2.0), [1.5])
        self.assertEqual((inside.outcome, inside.relative_error), (PASS, 0.0))
        above = Check("x", (1.0, 2.0), [3.0])
        self.assertEqual(above.outcome, MISS)
        self.assertAlmostEqual(above.relative_error, 0.5)  # against the nearest end
        self.assertEqual(Check("x", (180.0, math.inf), [200.0]).outcome, PASS)
        self.assertEqual(Check("x", (180.0, math.inf), [70.0]).outcome, MISS)

    def test_absolute_tolerance_around_zero(self):
        self.assertEqual(Check("x", 0.0, [5e-7], abs_=1e-6).outcome, PASS)
        self.assertEqual(Check("x", 0.0, [2e-6], abs_=1e-6).outcome, MISS)

    def test_span_must_contain_the_real_range(self):
        self.assertEqual(Check("x", (2.0, 3.0), [1.0, 4.0], span=True).outcome, PASS)
        self.assertEqual(Check("x", (2.0, 3.0), [2.5, 4.0], span=True).outcome, MISS)

    def test_info_has_no_outcome(self):
        self.assertEqual(Check("x", math.nan, [2.5], role=INFO).outcome, INFO)

    def test_mean_and_two_standard_errors(self):
        c = Check("x", 1.0, [1.0, 2.0, 3.0])
        self.assertEqual(c.mean, 2.0)
        self.assertAlmostEqual(c.two_se, 2 * math.sqrt(1.0 / 3))

    def test_decisive_only_when_mean_2se_is_clear_of_the_edge(self):
        self.assertTrue(Check("x", 100.0, [100.0, 101.0], rel=0.2).decisive)
        self.assertTrue(Check("x", 100.0, [200.0, 201.0], rel=0.2).decisive)
        self.assertFalse(Check("x", 100.0, [110.0, 130.0], rel=0.2).decisive)


def synthetic_row(sims, expect=PASS, real=10.0):
    def row(ctx):
        return Row("M2", "synthetic", "data", "scenarios/none.yaml", "nothing",
                   [Check("stat", real, sims, rel=0.1, expect=expect)], ["why"])
    return row


class Document(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="validation_")
        self.saved = (validation.DOC, validation.ROWS, validation.REALWORLD)
        validation.DOC = os.path.join(self.dir.name, "validation.md")
        validation.REALWORLD = os.path.join(self.dir.name, "realworld.md")
        with open(validation.REALWORLD, "w") as f:
            f.write("| M2 | source | setting | figures |\n")

    def tearDown(self):
        validation.DOC, validation.ROWS, validation.REALWORLD = self.saved
        self.dir.cleanup()

    def main(self, rows, *argv):
        validation.ROWS = rows
        return validation.main(list(argv))

    def test_written_document_is_current(self):
        self.assertEqual(self.main([synthetic_row([10.0, 10.2])]), 0)
        with open(validation.DOC) as f:
            self.assertIn("| stat | validation | 10 | 10.1 ± 0.2 (2) |", f.read())
        self.assertEqual(self.main([synthetic_row([10.0, 10.2])], "--check"), 0)

    def test_check_fails_when_a_simulated_number_moves(self):
        self.main([synthetic_row([10.0, 10.2])])
        self.assertEqual(self.main([synthetic_row([10.0, 10.4])], "--check"), 1)

    def test_short_ignores_simulated_numbers_but_not_real_ones(self):
        self.main([synthetic_row([10.0, 10.2])])
        self.assertEqual(self.main([synthetic_row([10.0, 10.4])], "--short"), 0)
        self.assertEqual(self.main([synthetic_row([10.0, 10.4], real=10.1)], "--short"), 1)

    def test_an_outcome_other_than_the_recorded_one_fails(self):
        self.main([synthetic_row([20.0, 20.0], expect=MISS)])
        self.assertEqual(self.main([synthetic_row([20.0, 20.0], expect=MISS)], "--check"), 0)
        # The same miss recorded as a pass, and a fixed miss still recorded as a miss.
        self.assertEqual(self.main([synthetic_row([20.0, 20.0])], "--check"), 1)
        self.assertEqual(self.main([synthetic_row([10.0, 10.0], expect=MISS)], "--short"), 1)

    def test_short_leaves_an_undecidable_check_to_the_long_run(self):
        self.main([synthetic_row([10.0, 12.0])])  # 11 ± 2 across the 11.0 edge: PASS
        self.assertEqual(self.main([synthetic_row([10.4, 13.0])], "--short"), 0)
        self.assertEqual(self.main([synthetic_row([10.4, 13.0])], "--check"), 1)

    def test_a_realworld_row_nothing_names_fails(self):
        with open(validation.REALWORLD, "a") as f:
            f.write("| P99 | source | setting | figures |\n")
        self.main([synthetic_row([10.0, 10.2])])
        self.assertEqual(self.main([synthetic_row([10.0, 10.2])], "--check"), 1)


class RowList(unittest.TestCase):
    def test_unchecked_ranges_expand(self):
        ids = validation.covered_ids()
        self.assertTrue({"R1", "R3", "R5", "E7", "V6"} <= ids)


if __name__ == "__main__":
    unittest.main()
