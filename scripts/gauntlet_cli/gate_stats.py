"""The regression gate's statistics, standard library only.

Three pieces, each exact where the samples are small (a CI gate sees 3 to 30
repetitions, where normal approximations are poor):

- Mann-Whitney U, two-sided, for two independent samples (`compare`);
- the Wilcoxon signed-rank test on paired log-ratios (`compare --paired`),
  and the distribution-free interval for their median;
- Holm's step-down correction across every compared benchmark.

Why Holm and not Benjamini-Hochberg: the gate fails the build on one flagged
benchmark, so what a user pays for is the chance of any false alarm in the
whole suite (the family-wise error rate). Holm bounds exactly that, at alpha,
whatever the dependence between benchmarks; BH bounds the expected share of
false alarms among those flagged, which lets a suite of 300 benchmarks raise
a false alarm in most runs. Holm is uniformly more powerful than Bonferroni.
"""
import math

# Above this many pooled samples the exact U distribution is replaced by the
# normal approximation with tie and continuity corrections.
EXACT_LIMIT = 60


def median(xs):
    s = sorted(xs)
    n = len(s)
    if n == 0:
        raise ValueError("median of no samples")
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def _ranks(pooled):
    """Mid-ranks (1-based) of the pooled values, and the tie groups' sizes."""
    order = sorted(range(len(pooled)), key=lambda i: pooled[i])
    ranks = [0.0] * len(pooled)
    ties = []
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and pooled[order[j + 1]] == pooled[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        ties.append(j - i + 1)
        i = j + 1
    return ranks, ties


def _u_counts(n, m):
    """counts[u] = number of arrangements of n x's among n+m with U_x = u."""
    # f[i][j] is the distribution for i x's and j y's; U grows by j when an x
    # is placed above j y's. Rolling over i keeps it O(n * m * n * m / 2).
    prev = [[1] for _ in range(m + 1)]  # i = 0: U = 0 for any j
    for i in range(1, n + 1):
        cur = [[1]]  # j = 0: U = 0
        for j in range(1, m + 1):
            a = prev[j]  # largest value is an x: it beats all j y's
            b = cur[j - 1]  # largest value is a y: U unchanged
            size = i * j + 1
            row = [0] * size
            for u, c in enumerate(a):
                row[u + j] += c
            for u, c in enumerate(b):
                row[u] += c
            cur.append(row)
        prev = cur
    return prev[m]


def mann_whitney(x, y):
    """(U of x, two-sided p) for H0: x and y come from one distribution."""
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        raise ValueError("Mann-Whitney needs samples on both sides")
    ranks, ties = _ranks(list(x) + list(y))
    u = sum(ranks[:n]) - n * (n + 1) / 2
    mean = n * m / 2
    if n + m <= EXACT_LIMIT and all(t == 1 for t in ties):
        counts = _u_counts(n, m)
        total = sum(counts)
        lo = min(u, n * m - u)  # symmetric distribution: fold onto the low tail
        tail = sum(c for k, c in enumerate(counts) if k <= lo)
        return u, min(1.0, 2 * tail / total)
    tie_term = sum(t ** 3 - t for t in ties) / ((n + m) * (n + m - 1))
    var = n * m / 12 * ((n + m + 1) - tie_term)
    if var <= 0:
        return u, 1.0  # every value equal: no evidence of any difference
    z = (abs(u - mean) - 0.5) / math.sqrt(var)
    return u, min(1.0, math.erfc(max(z, 0.0) / math.sqrt(2)))


def mann_whitney_min_p(n, m):
    """The smallest two-sided p-value Mann-Whitney can give with n and m
    samples: below it no difference can ever be significant."""
    return min(1.0, 2 / math.comb(n + m, n))


def _binom_cdf_half(k, n):
    """P(Binomial(n, 1/2) <= k)."""
    if k < 0:
        return 0.0
    return sum(math.comb(n, i) for i in range(0, min(k, n) + 1)) / 2 ** n


def sign_test(diffs):
    """Two-sided exact sign test of H0: the median of diffs is 0 (zeros dropped)."""
    pos = sum(1 for d in diffs if d > 0)
    neg = sum(1 for d in diffs if d < 0)
    n = pos + neg
    if n == 0:
        return 1.0
    return min(1.0, 2 * _binom_cdf_half(min(pos, neg), n))


def _signed_rank_counts(n):
    """counts[w] = number of sign patterns of ranks 1..n whose positive ranks sum to w."""
    counts = [1]
    for r in range(1, n + 1):
        nxt = counts + [0] * r
        for w, c in enumerate(counts):
            nxt[w + r] += c
        counts = nxt
    return counts


def signed_rank(diffs):
    """Two-sided Wilcoxon signed-rank test of H0: diffs are symmetric about 0
    (zeros dropped; exact without ties, else the normal approximation with
    the tie correction). In an A/A paired run, alternating which build goes
    first makes each pair's two runs exchangeable, so H0's symmetry holds
    exactly; that is why this test and not a t-test (no normality)."""
    d = [x for x in diffs if x != 0]
    n = len(d)
    if n == 0:
        return 1.0
    ranks, ties = _ranks([abs(x) for x in d])
    w = sum(r for r, x in zip(ranks, d) if x > 0)
    if n <= EXACT_LIMIT and all(t == 1 for t in ties):
        counts = _signed_rank_counts(n)
        total = 2 ** n
        lo = sum(c for k, c in enumerate(counts) if k <= w)
        hi = sum(c for k, c in enumerate(counts) if k >= w)
        return min(1.0, 2 * min(lo, hi) / total)
    mean = n * (n + 1) / 4
    var = n * (n + 1) * (2 * n + 1) / 24 - sum(t ** 3 - t for t in ties) / 48
    if var <= 0:
        return 1.0
    z = (abs(w - mean) - 0.5) / math.sqrt(var)
    return min(1.0, math.erfc(max(z, 0.0) / math.sqrt(2)))


def sign_test_min_p(n):
    """The smallest two-sided p of the sign test, and of the signed-rank
    test, with n non-zero pairs: every pair on one side."""
    return min(1.0, 2 / 2 ** n) if n > 0 else 1.0


def median_interval(xs, confidence=0.95):
    """Distribution-free interval for the median: the order statistics
    (x_(k), x_(n-k+1)) with k the largest such that P(Bin(n, 1/2) < k) <=
    (1 - confidence) / 2. None when n is too small for that confidence."""
    s = sorted(xs)
    n = len(s)
    tail = (1 - confidence) / 2
    k = 0
    while k + 1 <= n // 2 and _binom_cdf_half(k, n) <= tail:
        k += 1
    if k == 0:
        return None
    return s[k - 1], s[n - k]


def holm(pvalues):
    """Holm-adjusted p-values, in the input's order (monotone step-down)."""
    k = len(pvalues)
    order = sorted(range(k), key=lambda i: pvalues[i])
    adjusted = [1.0] * k
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (k - rank) * pvalues[i]))
        adjusted[i] = running
    return adjusted


def relative_spread(xs):
    """The sample's noise as a fraction of its median: half the interquartile
    range (0 for fewer than 4 values, where quartiles say nothing)."""
    if len(xs) < 4:
        return 0.0
    s = sorted(xs)
    q1 = s[(len(s) - 1) // 4]
    q3 = s[(3 * (len(s) - 1) + 3) // 4]
    med = median(s)
    return (q3 - q1) / 2 / med if med else 0.0


def ratio_interval(baseline, current, confidence=0.95):
    """Distribution-free interval for the ratio current / baseline (the
    Mann-Whitney test inverted on log values: order statistics of the n*m
    pairwise log differences). None when the samples are too small."""
    n, m = len(baseline), len(current)
    if n == 0 or m == 0:
        return None
    tail = (1 - confidence) / 2
    if n + m <= EXACT_LIMIT:
        counts = _u_counts(n, m)
        total = sum(counts)
        k, below = 0, 0  # k: the largest with P(U <= k - 1) <= tail
        while k < len(counts) and (below + counts[k]) / total <= tail:
            below += counts[k]
            k += 1
    else:
        z = 1.959963984540054 if abs(confidence - 0.95) < 1e-9 else _z(confidence)
        k = int(math.floor(n * m / 2 - z * math.sqrt(n * m * (n + m + 1) / 12)))
    if k <= 0:
        return None
    diffs = sorted(math.log(c) - math.log(b) for b in baseline for c in current)
    return math.exp(diffs[k - 1]), math.exp(diffs[n * m - k])


def _z(confidence):
    """The two-sided normal quantile, by bisection on erfc (stdlib has no inverse)."""
    lo, hi = 0.0, 10.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if math.erfc(mid / math.sqrt(2)) > 1 - confidence:
            lo = mid
        else:
            hi = mid
    return lo
