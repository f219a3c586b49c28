#!/usr/bin/env python3
"""Regenerates the two example CSVs for `atelier audit` (docs/bias-audit.md).

compas-propublica-counts.csv: one row per defendant, rebuilt from the confusion counts ProPublica
published for COMPAS ("Machine Bias", 2016; compas-analysis notebook, two-year recidivism,
"High" = decile 5-10). Only the counts are real: ids and decile scores are placeholders spread over
the published Low (1-4) / High (5-10) buckets, so AUCs from decile_score mean nothing.

hiring-synthetic.csv: invented applicants scored by an invented model that under-scores qualified
women and older applicants, with a deliberately tiny 65+ band. Fixed seed, so it is reproducible.
"""
import math
import random


def compas():
    rows = ["id,race,two_year_recid,high_risk,decile_score"]
    counts = [  # race, re-offended, labelled high risk, defendants
        ("African-American", 0, 0, 990), ("African-American", 0, 1, 805),
        ("African-American", 1, 0, 532), ("African-American", 1, 1, 1369),
        ("Caucasian", 0, 0, 1139), ("Caucasian", 0, 1, 349),
        ("Caucasian", 1, 0, 461), ("Caucasian", 1, 1, 505),
    ]
    i = 1
    for race, recid, high, count in counts:
        for k in range(count):
            decile = 5 + k % 6 if high else 1 + k % 4
            rows.append(f"{i},{race},{recid},{high},{decile}")
            i += 1
    return rows


def hiring():
    random.seed(13)
    rows = ["applicant,sex,age_band,qualified,score"]
    bands = [("female", "under 40", 420), ("female", "40-64", 230), ("male", "under 40", 520),
             ("male", "40-64", 300), ("female", "65+", 14), ("male", "65+", 16)]
    i = 1
    for sex, age, n in bands:
        for _ in range(n):
            qualified = 1 if random.random() < (0.45 if age != "65+" else 0.5) else 0
            shift = (-0.9 if sex == "female" else 0.0) + {"under 40": 0.0, "40-64": -0.5, "65+": -0.6}[age]
            z = (1.6 if qualified else -1.2) + shift * (1 if qualified else 0.4) + random.gauss(0, 1.1)
            rows.append(f"{i},{sex},{age},{qualified},{1 / (1 + math.exp(-z)):.3f}")
            i += 1
    return rows


if __name__ == "__main__":
    for name, rows in (("compas-propublica-counts.csv", compas()), ("hiring-synthetic.csv", hiring())):
        with open(name, "w") as f:
            f.write("\n".join(rows) + "\n")
