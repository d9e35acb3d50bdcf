#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# summary.sh: merge build/results.d into build/results.json (or
# RESULTS_D into RESULTS_JSON), print the
# table and the closing "N passed, N failed" line. Exit status 1 when
# anything failed (xpass is a failure).
. "$(dirname "$0")/host-lib.sh"
python3 "$TOP/scripts/summary.py" "$RESULTS_D" "${RESULTS_JSON:-$BUILD/results.json}" "$BUILD" "$TOP"
