# Reference values for tests/CrossValidationTests.cs, computed once with scikit-learn (an independent K-fold and PLS).
# Run from the repository root with Debian's Python (python3-sklearn 1.2.1, numpy 1.24.2):
#   /usr/bin/python3 -W ignore tests/CrossValidationReference.py
# The data: the first 129 samples of data/tecator.csv (the training set of SplitInOrder(129, 43)), the 100 absorbances
# rounded to float32 as the C# dataset stores them, target fat (%). Contiguous blocks are KFold without shuffling; venetian
# blinds (sample i in fold i mod k) are a PredefinedSplit. The RMSECV is pooled over all samples; the standard error is the
# sample standard deviation of the 10 per-fold RMSEs over sqrt(10); the one-standard-error rule takes the fewest components
# whose RMSECV is at most the lowest RMSECV plus its standard error.
import csv
import numpy as np
from sklearn.cross_decomposition import PLSRegression
from sklearn.model_selection import KFold, PredefinedSplit

with open("data/tecator.csv", newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:130]
spectral = [j for j, h in enumerate(header) if h.replace(".", "").isdigit() and float(h) >= 850]
X = np.array([[float(r[j]) for j in spectral] for r in body], dtype=np.float32).astype(np.float64)
y = np.array([float(r[header.index("fat")]) for r in body], dtype=np.float32).astype(np.float64)
n, k, max_components = len(y), 10, 15

def folds_of(cv):
    fold = np.empty(n, dtype=int)
    for f, (_, test) in enumerate(cv.split(X)):
        fold[test] = f
    return fold

def show(values, fmt=repr):
    return "[" + ", ".join(fmt(float(v)) for v in np.ravel(values)) + "]"

for name, cv, scale in (("contiguous", KFold(n_splits=k), False), ("venetian", PredefinedSplit(np.arange(n) % k), False),
                        ("contiguous scale=True", KFold(n_splits=k), True)):
    fold = folds_of(cv)
    print(f"{name} folds {show(fold, lambda v: str(int(v)))}")
    rmsecv, standard_error = [], []
    for a in range(1, max_components + 1):
        predicted = np.empty(n)
        for train, test in cv.split(X):
            predicted[test] = PLSRegression(n_components=a, scale=scale).fit(X[train], y[train]).predict(X[test]).ravel()
        rmsecv.append(np.sqrt(np.mean((predicted - y) ** 2)))
        per_fold = [np.sqrt(np.mean((predicted[fold == f] - y[fold == f]) ** 2)) for f in range(k)]
        standard_error.append(np.std(per_fold, ddof=1) / np.sqrt(k))
        if a == 5:
            print(f"{name} fold RMSE at 5 components {show(per_fold)}")
            print(f"{name} predictions at 5 components, first 5 samples {show(predicted[:5])}")
    lowest = int(np.argmin(rmsecv))
    one_se = next(a for a in range(max_components) if rmsecv[a] <= rmsecv[lowest] + standard_error[lowest])
    print(f"{name} RMSECV {show(rmsecv)}")
    print(f"{name} standard error {show(standard_error)}")
    print(f"{name} lowest RMSECV at {lowest + 1} components, one-standard-error rule at {one_se + 1}")
