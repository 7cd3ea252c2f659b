#!/usr/bin/python3
"""SpanNet against scikit-learn and PyTorch on the same tables (bench/TABULAR.md).

Generates the data (scikit-learn's bundled breast cancer, wine, digits and diabetes tables, split once with a fixed
seed into train.csv and test.csv; and a large generated table), then trains the same MLP with each tool: hidden
64-32, ReLU, Adam (lr 0.001), batch 100, the same epochs, one run each, at the same thread count. scikit-learn runs
its usual pipeline (SimpleImputer, StandardScaler, OneHotEncoder for text columns) and MLPClassifier/MLPRegressor with
early stopping off; PyTorch trains the same network on the same standardised features. SpanNet runs its CLI on the
raw CSV files (`spannet train --data train.csv --test test.csv`), which fits its own preprocessing. Reported: test
accuracy (R² for diabetes), training seconds (the tools' fit only; SpanNet's trainSeconds, evaluation excluded), and
CSV load seconds of pandas.read_csv against SpanNet's whole data step (count, parse and infer, split, fit, encode).

Usage: /usr/bin/python3 bench/tabular/run.py [--threads N] [--epochs E] [--large-rows R]
       /usr/bin/python3 bench/tabular/run.py --repeats 7 --aot artifacts/aot/SpanNet.Cli  (training seconds of every
           tool, the JIT build and the NativeAOT binary, over 7 interleaved runs: minimum and median, and their ratios)
       /usr/bin/python3 bench/tabular/run.py --seeds 10 [--tables wine,diabetes] [--spannet-args "..."]  (seed study only)
       /usr/bin/python3 bench/tabular/run.py --seeds 10 --init-study  (PyTorch from each tool's initialisation)
       /usr/bin/python3 bench/tabular/run.py --load-repeats 7 [--load-threads 1,2] [--large-rows R]  (the CSV load comparison only)
       any of them with --cli artifacts/aot/SpanNet.Cli to run the NativeAOT binary instead of the JIT build
Run from the repository root after `dotnet build src/SpanNet.Cli -c Release`.
"""
import argparse, json, os, subprocess, sys, time
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "artifacts", "tabular")
CLI = ["dotnet", os.path.join(ROOT, "src/SpanNet.Cli/bin/Release/net10.0/SpanNet.Cli.dll")]

def write_sets():
    from sklearn import datasets
    from sklearn.model_selection import train_test_split
    import pandas as pd
    sets = {}
    for name, loader, task in [("breast_cancer", datasets.load_breast_cancer, "classification"),
                               ("wine", datasets.load_wine, "classification"),
                               ("digits", datasets.load_digits, "classification"),
                               ("diabetes", datasets.load_diabetes, "regression")]:
        bunch = loader(as_frame=True)
        frame = bunch.frame.rename(columns={"target": "label"})
        if task == "classification":
            frame["label"] = [f"class_{int(v)}" for v in frame["label"]]
        train, test = train_test_split(frame, test_size=0.25, random_state=0,
                                       stratify=frame["label"] if task == "classification" else None)
        folder = os.path.join(DATA, name)
        os.makedirs(folder, exist_ok=True)
        train.to_csv(os.path.join(folder, "train.csv"), index=False)
        test.to_csv(os.path.join(folder, "test.csv"), index=False)
        sets[name] = (folder, task)
    return sets

def write_large(rows, columns=50):
    path = os.path.join(DATA, f"large-{rows}x{columns}.csv")
    if os.path.exists(path):
        return path
    rng = np.random.default_rng(1)
    weights = rng.normal(size=columns)
    with open(path, "w") as f:
        f.write(",".join([f"x{i}" for i in range(columns)] + ["label"]) + "\n")
        chunk = 200_000
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            x = rng.normal(size=(n, columns)).astype(np.float32)
            y = (x @ weights > 0).astype(int)
            block = np.column_stack([x, y])
            np.savetxt(f, block, delimiter=",", fmt=["%.6g"] * columns + ["%d"])
    return path

def features(train, test):
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    x_train, x_test = train.drop(columns=["label"]), test.drop(columns=["label"])
    text = [c for c in x_train.columns if x_train[c].dtype == object]
    numeric = [c for c in x_train.columns if c not in text]
    pre = ColumnTransformer([("num", make_pipeline(SimpleImputer(), StandardScaler()), numeric),
                             ("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"),
                                                   OneHotEncoder(handle_unknown="ignore")), text)])
    return pre, x_train, x_test

def run_sklearn(folder, task, epochs, seed=0):
    import pandas as pd
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.metrics import accuracy_score, r2_score
    train, test = pd.read_csv(os.path.join(folder, "train.csv")), pd.read_csv(os.path.join(folder, "test.csv"))
    pre, x_train, x_test = features(train, test)
    kind = MLPClassifier if task == "classification" else MLPRegressor
    model = make_pipeline(pre, kind(hidden_layer_sizes=(64, 32), activation="relu", solver="adam", batch_size=100,
                                    learning_rate_init=0.001, max_iter=epochs, tol=0, n_iter_no_change=epochs + 1,
                                    early_stopping=False, random_state=seed))
    y_train = train["label"].values
    if task == "regression":
        mean, std = y_train.mean(), y_train.std()
        start = time.perf_counter(); model.fit(x_train, (y_train - mean) / std); seconds = time.perf_counter() - start
        score = r2_score(test["label"].values, model.predict(x_test) * std + mean)
    else:
        start = time.perf_counter(); model.fit(x_train, y_train); seconds = time.perf_counter() - start
        score = accuracy_score(test["label"].values, model.predict(x_test))
    return score, seconds

def initialise(net, init):
    """Re-draws the Linear layers' weights for the seed study's initialisation comparison (biases then start at 0):
    "spannet" is SpanNet's (He normal, sigma = sqrt(2/fan_in), before ReLU; sqrt(1/fan_in) for the output layer),
    "sklearn" scikit-learn's (Glorot uniform, bound sqrt(6/(fan_in+fan_out))), "torch-weights" PyTorch's default
    weights (uniform, bound 1/sqrt(fan_in)) without its biases; "torch" keeps PyTorch's default, biases included."""
    import torch
    if init == "torch":
        return
    layers = [m for m in net if isinstance(m, torch.nn.Linear)]
    for i, layer in enumerate(layers):
        fan_out, fan_in = layer.weight.shape
        if init == "spannet":
            torch.nn.init.normal_(layer.weight, 0, (2 / fan_in) ** 0.5 if i < len(layers) - 1 else (1 / fan_in) ** 0.5)
        elif init == "sklearn":
            bound = (6 / (fan_in + fan_out)) ** 0.5
            torch.nn.init.uniform_(layer.weight, -bound, bound)
        else:
            bound = (1 / fan_in) ** 0.5
            torch.nn.init.uniform_(layer.weight, -bound, bound)
        torch.nn.init.zeros_(layer.bias)

def run_torch(folder, task, epochs, threads, seed=0, init="torch"):
    import pandas as pd, torch
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    train, test = pd.read_csv(os.path.join(folder, "train.csv")), pd.read_csv(os.path.join(folder, "test.csv"))
    pre, x_train, x_test = features(train, test)
    xt = torch.tensor(np.asarray(pre.fit_transform(x_train), dtype=np.float32))
    xv = torch.tensor(np.asarray(pre.transform(x_test), dtype=np.float32))
    if task == "classification":
        classes = sorted(set(train["label"]))
        index = {c: i for i, c in enumerate(classes)}
        yt = torch.tensor([index[c] for c in train["label"]])
        yv = np.array([index.get(c, -1) for c in test["label"]])
        outputs, loss_fn = len(classes), torch.nn.CrossEntropyLoss()
    else:
        mean, std = train["label"].mean(), train["label"].std(ddof=0)
        yt = torch.tensor(((train["label"].values - mean) / std).astype(np.float32)).unsqueeze(1)
        outputs, loss_fn = 1, torch.nn.MSELoss()
    net = torch.nn.Sequential(torch.nn.Linear(xt.shape[1], 64), torch.nn.ReLU(), torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, outputs))
    initialise(net, init)
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(xt.shape[0])
        for i in range(0, xt.shape[0], 100):
            b = perm[i:i + 100]
            opt.zero_grad(); loss = loss_fn(net(xt[b]), yt[b]); loss.backward(); opt.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        out = net(xv).numpy()
    if task == "classification":
        return float((out.argmax(1) == yv).mean()), seconds
    from sklearn.metrics import r2_score
    return r2_score(test["label"].values, out[:, 0] * std + mean), seconds

def run_spannet(train, test, task, epochs, threads, extra=(), seed=None):
    env = dict(os.environ, SPANNET_NUM_THREADS=str(threads))
    args = CLI + ["train", "--data", train, "--label", "label", "--optimizer", "adam", "--lr", "0.001", "--decay-every", "0",
                  "--epochs", str(epochs), "--batch", "100", "--hidden", "64-32", "--task", task,
                  "--out", os.path.join(DATA, "spannet.model"), "--json"] + (["--test", test] if test else []) + list(extra) + \
           (["--seed", str(seed)] if seed is not None else [])
    result = json.loads(subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout)
    score = result["accuracy"] if task == "classification" else result["r2"]
    return float(score), result["trainSeconds"], result["dataSeconds"], result

def init_study(sets, names, seeds, epochs, threads):
    """PyTorch's network trained from each initialisation of initialise(), seeds 0..seeds-1: how much of a gap the
    initialisation alone makes after the benchmark's short training."""
    print("| table | metric | PyTorch default | PyTorch weights, zero biases | scikit-learn's (Glorot uniform) | SpanNet's He normal (--weight-init he) | seeds |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        folder, task = sets[name]
        cells = []
        for init in ["torch", "torch-weights", "sklearn", "spannet"]:
            v = [run_torch(folder, task, epochs, threads, seed=seed, init=init)[0] for seed in range(seeds)]
            cells.append(f"{np.mean(v):.4f} ± {np.std(v, ddof=1):.4f}")
        metric = "accuracy" if task == "classification" else "R²"
        print(f"| {name} | {metric} | {' | '.join(cells)} | {seeds} |", flush=True)

def seed_study(sets, names, seeds, epochs, threads, extra=()):
    """Each tool trained with seeds 0..seeds-1 on the same files (the split is fixed; only initialisation and batch
    order change): mean and standard deviation of the test metric, so a gap can be told from one unlucky seed."""
    print("| table | metric | SpanNet mean ± sd | scikit-learn mean ± sd | PyTorch mean ± sd | seeds |")
    print("|---|---|---|---|---|---|")
    for name in names:
        folder, task = sets[name]
        train, test = os.path.join(folder, "train.csv"), os.path.join(folder, "test.csv")
        scores = {"spannet": [], "sklearn": [], "torch": []}
        for seed in range(seeds):
            scores["spannet"].append(run_spannet(train, test, task, epochs, threads, extra, seed=seed)[0])
            scores["sklearn"].append(run_sklearn(folder, task, epochs, seed=seed)[0])
            scores["torch"].append(run_torch(folder, task, epochs, threads, seed=seed)[0])
        cell = lambda v: f"{np.mean(v):.4f} ± {np.std(v, ddof=1):.4f}"
        metric = "accuracy" if task == "classification" else "R²"
        print(f"| {name} | {metric} | {cell(scores['spannet'])} | {cell(scores['sklearn'])} | {cell(scores['torch'])} | {seeds} |", flush=True)
        print("<!-- " + json.dumps({k: [round(x, 4) for x in v] for k, v in scores.items()}) + " -->", flush=True)

def steady_seconds(result):
    """SpanNet's training seconds without the first epoch, scaled to all epochs: the JIT build compiles every kernel in
    its first epoch (~0.1-0.2 s here), more than the other epochs of a small table together."""
    per_epoch = result["trainSecondsPerEpoch"]
    return sum(per_epoch[1:]) * len(per_epoch) / max(len(per_epoch) - 1, 1)

def throughput_table(sets, a):
    """Every tool's training seconds over a.repeats interleaved runs per table (SpanNet's JIT build, its NativeAOT
    binary with --aot, scikit-learn, PyTorch), minimum and median of each, and the ratios of scikit-learn's and
    PyTorch's seconds to SpanNet's, minimum to minimum and median to median. A small table trains in a few
    milliseconds, so one preemption by another process on a shared machine can double a single run; the minimum is the
    least disturbed run of each tool, the median the typical one. Accuracies are each tool's first run (every tool is
    seeded, so the runs agree)."""
    jit_cli = list(CLI)
    print("| table | metric | rows (train/test) | SpanNet | scikit-learn | PyTorch | SpanNet AOT s | SpanNet JIT s | JIT from epoch 2, scaled | scikit-learn s | PyTorch s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    ratios = []
    for name, (folder, task) in sets.items():
        train, test = os.path.join(folder, "train.csv"), os.path.join(folder, "test.csv")
        runs = {"aot": [], "jit": [], "steady": [], "sklearn": [], "torch": []}
        scores = {}
        for _ in range(a.repeats):
            CLI[:] = jit_cli
            score, seconds, _, result = run_spannet(train, test, task, a.epochs, a.threads)
            scores.setdefault("spannet", score); runs["jit"].append(seconds); runs["steady"].append(steady_seconds(result))
            if a.aot:
                CLI[:] = [a.aot]
                aot_score, seconds, _, _ = run_spannet(train, test, task, a.epochs, a.threads)
                assert aot_score == scores["spannet"], f"{name}: the AOT binary scored {aot_score}, the JIT build {scores['spannet']}"
                runs["aot"].append(seconds)
            score, seconds = run_sklearn(folder, task, a.epochs)
            scores.setdefault("sklearn", score); runs["sklearn"].append(seconds)
            score, seconds = run_torch(folder, task, a.epochs, a.threads)
            scores.setdefault("torch", score); runs["torch"].append(seconds)
        CLI[:] = jit_cli
        cell = lambda v: f"{min(v):.4f} / {np.median(v):.4f}" if v else "-"
        rows = f"{sum(1 for _ in open(train)) - 1}/{sum(1 for _ in open(test)) - 1}"
        metric = "accuracy" if task == "classification" else "R²"
        print(f"| {name} | {metric} | {rows} | {scores['spannet']:.4f} | {scores['sklearn']:.4f} | {scores['torch']:.4f} | "
              f"{cell(runs['aot'])} | {cell(runs['jit'])} | {cell(runs['steady'])} | {cell(runs['sklearn'])} | {cell(runs['torch'])} |", flush=True)
        ratios.append((name, runs))
    print(f"\nRatios, peer's seconds over SpanNet's, minimum to minimum / median to median ({a.repeats} runs each):\n")
    print("| table | scikit-learn / AOT | scikit-learn / JIT | scikit-learn / JIT from epoch 2 | PyTorch / AOT | PyTorch / JIT |")
    print("|---|---|---|---|---|---|")
    for name, runs in ratios:
        ratio = lambda peer, ours: f"{min(runs[peer]) / min(runs[ours]):.1f}× / {np.median(runs[peer]) / np.median(runs[ours]):.1f}×" if runs[ours] else "-"
        print(f"| {name} | {ratio('sklearn', 'aot')} | {ratio('sklearn', 'jit')} | {ratio('sklearn', 'steady')} | {ratio('torch', 'aot')} | {ratio('torch', 'jit')} |", flush=True)
    print("<!-- " + json.dumps({name: {k: [round(x, 5) for x in v] for k, v in runs.items()} for name, runs in ratios}) + " -->", flush=True)

def load_study(path, repeats, thread_counts):
    """pandas.read_csv against SpanNet's whole data step (dataSeconds: count, parse and infer, split, fit, encode) at
    each of thread_counts (SPANNET_NUM_THREADS; pandas' parser is single-threaded), interleaved repeats in one run so
    all meet the same machine; min and median of each. On a shared machine wall time follows the scheduler, so CPU time
    is compared too: pandas' process time for read_csv against SpanNet's dataCpuSeconds (every thread of the process up
    to the end of the data step, start-up included)."""
    import pandas as pd
    pandas_times, pandas_cpu = [], []
    spannet_times = {t: [] for t in thread_counts}
    spannet_cpu = {t: [] for t in thread_counts}
    for _ in range(repeats):
        cpu = time.process_time(); start = time.perf_counter(); pd.read_csv(path)
        pandas_times.append(time.perf_counter() - start); pandas_cpu.append(time.process_time() - cpu)
        for threads in thread_counts:
            result = run_spannet(path, None, "classification", 1, threads, ["--test-split", "0.1"])[3]
            spannet_times[threads].append(result["dataSeconds"]); spannet_cpu[threads].append(result["dataCpuSeconds"])
    size = os.path.getsize(path) / 1e6
    try:
        load = os.getloadavg()
        load_text = f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end"
    except OSError:
        load_text = "load average unknown"
    print(f"CSV load, {os.path.basename(path)} ({size:.0f} MB), {repeats} interleaved runs, {load_text}; min / median seconds:", flush=True)
    print(f"  pandas.read_csv wall {min(pandas_times):.3f} / {np.median(pandas_times):.3f}, CPU {min(pandas_cpu):.3f} / {np.median(pandas_cpu):.3f}", flush=True)
    for threads in thread_counts:
        wall, cpu = spannet_times[threads], spannet_cpu[threads]
        print(f"  SpanNet data step, {threads} thread(s): wall {min(wall):.3f} / {np.median(wall):.3f}, CPU {min(cpu):.3f} / {np.median(cpu):.3f}; "
              f"pandas over SpanNet: wall {np.median(pandas_times) / np.median(wall):.2f}x of medians, {min(pandas_times) / min(wall):.2f}x of minima; "
              f"CPU {np.median(pandas_cpu) / np.median(cpu):.2f}x of medians", flush=True)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--large-rows", type=int, default=200_000)
    parser.add_argument("--seeds", type=int, default=0, help="run only the seed study, with this many seeds per tool")
    parser.add_argument("--tables", default="wine,diabetes", help="the seed study's tables")
    parser.add_argument("--spannet-args", default="", help="extra spannet train options for the seed study")
    parser.add_argument("--init-study", action="store_true", help="with --seeds: PyTorch's network from each initialisation instead")
    parser.add_argument("--load-repeats", type=int, default=0, help="run only the CSV load comparison, this many interleaved times")
    parser.add_argument("--load-threads", default=None, help="SpanNet thread counts for the load comparison, comma-separated (default: --threads)")
    parser.add_argument("--cli", default=None, help="the spannet command to run instead of the JIT build (e.g. the NativeAOT binary)")
    parser.add_argument("--repeats", type=int, default=1, help="main table: run every tool this many times, interleaved; report min and median")
    parser.add_argument("--aot", default=None, help="main table: also run this NativeAOT spannet binary in the same run")
    a = parser.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(a.threads)
    if a.cli:
        CLI[:] = [a.cli]
    if a.load_repeats:
        thread_counts = [int(t) for t in a.load_threads.split(",")] if a.load_threads else [a.threads]
        load_study(write_large(a.large_rows), a.load_repeats, thread_counts)
        return
    sets = write_sets()
    if a.seeds and a.init_study:
        init_study(sets, a.tables.split(","), a.seeds, a.epochs, a.threads)
        return
    if a.seeds:
        seed_study(sets, a.tables.split(","), a.seeds, a.epochs, a.threads, a.spannet_args.split())
        return
    if a.repeats > 1 or a.aot:
        throughput_table(sets, a)
        return
    print(f"| table | metric | rows (train/test) | SpanNet | scikit-learn | PyTorch | SpanNet train s (epochs 2 on, scaled) | scikit-learn train s | PyTorch train s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, (folder, task) in sets.items():
        train, test = os.path.join(folder, "train.csv"), os.path.join(folder, "test.csv")
        s_score, s_seconds, _, result = run_spannet(train, test, task, a.epochs, a.threads)
        k_score, k_seconds = run_sklearn(folder, task, a.epochs)
        t_score, t_seconds = run_torch(folder, task, a.epochs, a.threads)
        rows = f"{sum(1 for _ in open(train)) - 1}/{sum(1 for _ in open(test)) - 1}"
        metric = "accuracy" if task == "classification" else "R²"
        print(f"| {name} | {metric} | {rows} | {s_score:.4f} | {k_score:.4f} | {t_score:.4f} | {s_seconds:.3f} ({steady_seconds(result):.3f}) | {k_seconds:.3f} | {t_seconds:.3f} |", flush=True)

    import pandas as pd
    large = write_large(a.large_rows)
    start = time.perf_counter(); pd.read_csv(large); pandas_seconds = time.perf_counter() - start
    _, train_seconds, data_seconds, result = run_spannet(large, None, "classification", 1, a.threads, ["--test-split", "0.1"])
    size = os.path.getsize(large) / 1e6
    print(f"\nCSV load, {a.large_rows} rows x 50 columns ({size:.0f} MB): pandas.read_csv {pandas_seconds:.2f} s; "
          f"SpanNet data step (count, parse and infer, split, fit, encode) {data_seconds:.2f} s; one epoch of training {train_seconds:.2f} s, "
          f"test accuracy {result['accuracy']:.4f}")

if __name__ == "__main__":
    main()
