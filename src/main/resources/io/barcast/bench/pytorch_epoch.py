#!/usr/bin/python3
"""PyTorch peer of `barcast bench train`: the same reference configuration, timed per epoch.

S&P 500 bars 2000-01-03..2016-03-29 from the bundled CSV, the same five stationary features as
io.barcast.feature.FeatureExtractor (log close return, open/high/low relative to the previous
close, log volume change), a z-score normaliser fitted on the training rows, lookback 30, one
LSTM layer of 64 units, the last time step, a linear output of two units (mean and log-variance)
fitted by the loss of io.barcast.model.MeanVarianceLoss (the mean's gradient is the squared error's
alone, the log-variance clamped to [-12, 12]), Adam 1e-3,
batch 32, shuffled, single thread. The same training windows as the Java benchmark (the last 4
are held out, as the Java dataset builder does).

Run with Debian's python3-torch and OpenBLAS (apt-get install python3-torch libopenblas0-pthread;
without OpenBLAS, torch falls back to the reference BLAS and takes ~5x longer):
    OMP_NUM_THREADS=1 /usr/bin/python3 src/main/resources/io/barcast/bench/pytorch_epoch.py
`barcast bench train` ships this script in the jar, runs a copy of it after its own epochs (with
--csv naming a copy of the bundled CSV) and prints the ratio.
"""
import argparse
import csv
import math
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
# In the source tree: src/main/resources/io/barcast/bench/ -> src/main/resources/data/
CSV = os.path.join(HERE, "..", "..", "..", "data", "sp500_2000-2020.csv")


def load(path, last_date):
    with open(path, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["Date"] <= last_date]
    return np.array([[float(r[k]) for k in ("Open", "High", "Low", "Close", "Volume")] for r in rows]), rows[0]["Date"], rows[-1]["Date"]


def features(bars):
    o, h, l, c, v = bars[1:, 0], bars[1:, 1], bars[1:, 2], bars[1:, 3], bars[1:, 4]
    pc, pv = bars[:-1, 3], bars[:-1, 4]
    return np.stack([np.log(c / pc), np.log(o / pc), np.log(h / pc), np.log(l / pc),
                     np.log((v + 1.0) / (pv + 1.0))], axis=1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--lookback", type=int, default=30)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--csv", default=CSV, help="the S&P 500 CSV (default: the bundled one in the source tree)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    np.random.seed(1)

    bars, first, last = load(args.csv, "2016-03-29")
    feats = features(bars)
    lookback = args.lookback
    # window i: feature rows i..i+lookback-1, target = the close return of the next row
    n_windows = len(feats) - lookback
    val = 4
    train = n_windows - val
    mean = feats[:train + lookback - 1].mean(axis=0)
    std = feats[:train + lookback - 1].std(axis=0)
    z = ((feats - mean) / std).astype(np.float32)
    x = np.stack([z[i:i + lookback] for i in range(n_windows)])
    y = z[lookback:lookback + n_windows, 0:1]
    xt = torch.from_numpy(x[:train])
    yt = torch.from_numpy(np.ascontiguousarray(y[:train]))

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = torch.nn.LSTM(5, args.hidden, batch_first=True)
            self.out = torch.nn.Linear(args.hidden, 2)

        def forward(self, s):
            h, _ = self.lstm(s)
            return self.out(h[:, -1, :])

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def loss_fn(out, y):
        """MeanVarianceLoss: mean over the batch of 1/2 (y - mu)^2 + 1/2 (s + (y - mu)^2 e^-s), s clamped to
        [-12, 12]. As the Java loss's gradient: d/dmu = -(y - mu) only (the variance term sees the mean's error
        detached) and d/ds = 1/2 (1 - (y - mu)^2 e^-clamp(s)), the clamp's value without its zero gradient."""
        mu, raw = out[:, 0:1], out[:, 1:2]
        s = raw + (torch.clamp(raw, -12.0, 12.0) - raw).detach()
        d = y - mu
        return (0.5 * d ** 2 + 0.5 * (s + d.detach() ** 2 * torch.exp(-s))).mean()

    def epoch():
        order = torch.randperm(train)
        total = 0.0
        for b in range(0, train, args.batch):
            idx = order[b:b + args.batch]
            opt.zero_grad()
            loss = loss_fn(net(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        return total / train

    print(f"pytorch epoch: torch {torch.__version__}, {len(bars)} bars {first}..{last}, {train} training windows, "
          f"lookback {lookback}, LSTM {args.hidden}, batch {args.batch}, threads {torch.get_num_threads()}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(unset)')}")
    t0 = time.perf_counter()
    losses = [epoch()]
    warm = time.perf_counter() - t0
    times = []
    cpu = []
    for _ in range(args.epochs):
        t0 = time.perf_counter()
        c0 = time.process_time()
        losses.append(epoch())
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    med = sorted(times)[len(times) // 2]
    cpu_med = sorted(cpu)[len(cpu) // 2]
    print(f"  warm-up epoch {warm:.3f} s; timed epochs: {' '.join(f'{t:.3f}' for t in times)} s")
    print(f"  losses: {' '.join(f'{v:.3f}' for v in losses)}")
    print(f"  process CPU: median {cpu_med:.3f} s per epoch")
    print(f"  median {med:.3f} s/epoch")


if __name__ == "__main__":
    sys.exit(main())
