#!/usr/bin/python3
"""SpanNet against scikit-learn and PyTorch on the same tables (bench/TABULAR.md).

Generates the data (scikit-learn's bundled breast cancer, wine, digits and diabetes tables, split once with a fixed
seed into train.csv and test.csv; and a large generated table), then trains the same MLP with each tool: hidden
64-32, ReLU, Adam (lr 0.001), batch 100, the same epochs, one run each, at the same thread count. scikit-learn runs
its usual pipeline (SimpleImputer, StandardScaler, OneHotEncoder for text columns) and MLPClassifier/MLPRegressor with
early stopping off; PyTorch trains the same network on the same standardised features. SpanNet runs its CLI on the
raw CSV files (`spannet train --data train.csv --test test.csv`), which fits its own preprocessing. Reported: test
accuracy (R² for diabetes), training seconds (the tools' fit only; SpanNet's trainSeconds, evaluation excluded), and
CSV load seconds of pandas.read_csv against SpanNet's whole data step (schema pass, parse, split, fit, encode).

Usage: /usr/bin/python3 bench/tabular/run.py [--threads N] [--epochs E] [--large-rows R]
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

def run_sklearn(folder, task, epochs):
    import pandas as pd
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.metrics import accuracy_score, r2_score
    train, test = pd.read_csv(os.path.join(folder, "train.csv")), pd.read_csv(os.path.join(folder, "test.csv"))
    pre, x_train, x_test = features(train, test)
    kind = MLPClassifier if task == "classification" else MLPRegressor
    model = make_pipeline(pre, kind(hidden_layer_sizes=(64, 32), activation="relu", solver="adam", batch_size=100,
                                    learning_rate_init=0.001, max_iter=epochs, tol=0, n_iter_no_change=epochs + 1,
                                    early_stopping=False, random_state=0))
    y_train = train["label"].values
    if task == "regression":
        mean, std = y_train.mean(), y_train.std()
        start = time.perf_counter(); model.fit(x_train, (y_train - mean) / std); seconds = time.perf_counter() - start
        score = r2_score(test["label"].values, model.predict(x_test) * std + mean)
    else:
        start = time.perf_counter(); model.fit(x_train, y_train); seconds = time.perf_counter() - start
        score = accuracy_score(test["label"].values, model.predict(x_test))
    return score, seconds

def run_torch(folder, task, epochs, threads):
    import pandas as pd, torch
    torch.set_num_threads(threads)
    torch.manual_seed(0)
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

def run_spannet(train, test, task, epochs, threads, extra=()):
    env = dict(os.environ, SPANNET_NUM_THREADS=str(threads))
    args = CLI + ["train", "--data", train, "--label", "label", "--optimizer", "adam", "--lr", "0.001", "--decay-every", "0",
                  "--epochs", str(epochs), "--batch", "100", "--hidden", "64-32", "--task", task,
                  "--out", os.path.join(DATA, "spannet.model"), "--json"] + (["--test", test] if test else []) + list(extra)
    result = json.loads(subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout)
    score = result["accuracy"] if task == "classification" else result["r2"]
    return float(score), result["trainSeconds"], result["dataSeconds"], result

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--large-rows", type=int, default=200_000)
    a = parser.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(a.threads)
    sets = write_sets()
    print(f"| table | metric | rows (train/test) | SpanNet | scikit-learn | PyTorch | SpanNet train s (epochs 2 on, scaled) | scikit-learn train s | PyTorch train s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, (folder, task) in sets.items():
        train, test = os.path.join(folder, "train.csv"), os.path.join(folder, "test.csv")
        s_score, s_seconds, _, result = run_spannet(train, test, task, a.epochs, a.threads)
        # The first epoch includes the JIT compiling every kernel (~0.1-0.2 s here); the steady state is the rest, scaled to all epochs.
        per_epoch = result["trainSecondsPerEpoch"]
        steady = sum(per_epoch[1:]) * len(per_epoch) / max(len(per_epoch) - 1, 1)
        k_score, k_seconds = run_sklearn(folder, task, a.epochs)
        t_score, t_seconds = run_torch(folder, task, a.epochs, a.threads)
        rows = f"{sum(1 for _ in open(train)) - 1}/{sum(1 for _ in open(test)) - 1}"
        metric = "accuracy" if task == "classification" else "R²"
        print(f"| {name} | {metric} | {rows} | {s_score:.4f} | {k_score:.4f} | {t_score:.4f} | {s_seconds:.3f} ({steady:.3f}) | {k_seconds:.3f} | {t_seconds:.3f} |", flush=True)

    import pandas as pd
    large = write_large(a.large_rows)
    start = time.perf_counter(); pd.read_csv(large); pandas_seconds = time.perf_counter() - start
    _, train_seconds, data_seconds, result = run_spannet(large, None, "classification", 1, a.threads, ["--test-split", "0.1"])
    size = os.path.getsize(large) / 1e6
    print(f"\nCSV load, {a.large_rows} rows x 50 columns ({size:.0f} MB): pandas.read_csv {pandas_seconds:.2f} s; "
          f"SpanNet data step (schema pass, parse, split, fit, encode) {data_seconds:.2f} s; one epoch of training {train_seconds:.2f} s, "
          f"test accuracy {result['accuracy']:.4f}")

if __name__ == "__main__":
    main()
