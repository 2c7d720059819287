# Reference values for tests/PlsRegressionTests.cs, computed once with scikit-learn (an independent PLS implementation).
# Run with Debian's Python (python3-sklearn 1.2.1, numpy 1.24.2):  /usr/bin/python3 -W ignore tests/PlsRegressionReference.py
# The data are the test's literals, rounded to float32 as the C# dataset stores them. scikit-learn 1.2's intercept_ is the
# target mean, not the intercept on raw spectra, so the intercept printed is the prediction for a spectrum of zeros.
import numpy as np
from sklearn.cross_decomposition import PLSRegression

X = np.array([
    [0.512, 0.634, 0.701, 0.688, 0.590, 0.477, 0.402],
    [0.433, 0.560, 0.652, 0.671, 0.603, 0.511, 0.455],
    [0.601, 0.712, 0.774, 0.730, 0.611, 0.480, 0.391],
    [0.389, 0.498, 0.587, 0.622, 0.580, 0.512, 0.470],
    [0.555, 0.690, 0.768, 0.749, 0.642, 0.518, 0.433],
    [0.470, 0.575, 0.641, 0.640, 0.566, 0.470, 0.409],
    [0.628, 0.741, 0.795, 0.751, 0.629, 0.503, 0.414],
    [0.414, 0.540, 0.633, 0.660, 0.610, 0.533, 0.489],
    [0.497, 0.617, 0.694, 0.692, 0.609, 0.500, 0.431],
    [0.581, 0.677, 0.728, 0.695, 0.588, 0.462, 0.380],
    [0.446, 0.583, 0.681, 0.703, 0.640, 0.548, 0.492],
    [0.535, 0.648, 0.712, 0.689, 0.595, 0.488, 0.418],
], dtype=np.float32).astype(np.float64)
y = np.array([3.1, 2.4, 4.2, 1.9, 3.8, 2.6, 4.5, 2.2, 3.0, 3.9, 2.5, 3.3], dtype=np.float32).astype(np.float64)

def show(values):
    return "[" + ", ".join(repr(float(v)) for v in np.ravel(values)) + "]"

for k in (1, 2, 3):
    model = PLSRegression(n_components=k, scale=False).fit(X, y)
    print(f"k={k} coefficients {show(model.coef_)}")
    print(f"k={k} intercept {show(model.predict(np.zeros((1, 7))))}")
    print(f"k={k} predictions {show(model.predict(X))}")
model = PLSRegression(n_components=2, scale=True).fit(X, y)
print(f"k=2 scale=True predictions {show(model.predict(X))}")
