# Reads the harness's raw rows (TSV: target scenario requests rps ...) and
# prints, per scenario, ddgbot's median req/s divided by each ceiling's
# measured in the same run: the baseline (fixed bytes) always, and the
# proxy (one upstream GET per request) where it ran.
BEGIN { FS = "\t" }

function median(list,    n, v, i, j, t) {
  n = split(list, v, " ")
  for (i = 2; i <= n; i++) { t = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
  return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

NF >= 4 && $4 != "-" && $4 != "" {
  k = $1 SUBSEP $2
  rps[k] = rps[k] (k in rps ? " " : "") $4
  if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 }
}

END {
  printf "  %-10s %10s %-9s %10s %7s\n", "scenario", "ddgbot", "ceiling", "req/s", "ratio"
  for (i = 1; i <= n; i++) {
    s = order[i]
    if (!(("ddgbot" SUBSEP s) in rps)) continue
    d = median(rps["ddgbot" SUBSEP s])
    for (c = 1; c <= 2; c++) {
      ceil = c == 1 ? "baseline" : "proxy"
      if (!((ceil SUBSEP s) in rps)) continue
      b = median(rps[ceil SUBSEP s])
      printf "  %-10s %10d %-9s %10d %7.2f\n", s, d + 0.5, ceil, b + 0.5, (b > 0 ? d / b : 0)
    }
  }
}
