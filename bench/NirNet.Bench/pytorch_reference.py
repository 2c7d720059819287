"""The chapter-2 workload in PyTorch, for the benchmark's comparison: the same network (256-128-64-32-16-4, then one
linear output), Glorot-uniform weights and zero biases, Adam (lr 0.001), batch 32, MSE, ReLU and sigmoid trained one
after the other, the validation loss computed after every epoch, on the same scaled data written by the benchmark.
Usage: python3 pytorch_reference.py FOLDER EPOCHS THREADS   (prints seconds=...)"""
import sys
import time

try:
    import torch
except ImportError:
    print("python3 has no torch module (Debian: apt-get install python3-torch)")
    sys.exit(3)


def load(path):
    rows = [[float(v) for v in line.split(",")] for line in open(path) if line.strip()]
    data = torch.tensor(rows, dtype=torch.float32)
    return data[:, 1:].contiguous(), data[:, :1].contiguous()


def network(inputs, activation, seed):
    torch.manual_seed(seed)
    layers, width = [], inputs
    for units in (256, 128, 64, 32, 16, 4):
        layers += [torch.nn.Linear(width, units), activation()]
        width = units
    layers.append(torch.nn.Linear(width, 1))
    model = torch.nn.Sequential(*layers)
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
    return model


def train(model, x, y, xv, yv, epochs):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    generator = torch.Generator().manual_seed(1)
    n = x.shape[0]
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)
        total = torch.zeros(())
        for start in range(0, n, 32):
            rows = order[start:start + 32]
            optimizer.zero_grad()
            loss = loss_fn(model(x[rows]), y[rows])
            loss.backward()
            optimizer.step()
            total += loss.detach() * rows.shape[0]
        with torch.no_grad():
            validation = loss_fn(model(xv), yv)
        float(total), float(validation)


def main():
    folder, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    x, y = load(folder + "/train.csv")
    xv, yv = load(folder + "/validation.csv")
    start = time.perf_counter()
    for activation in (torch.nn.ReLU, torch.nn.Sigmoid):
        train(network(x.shape[1], activation, 1), x, y, xv, yv, epochs)
    print(f"seconds={time.perf_counter() - start:.3f}")


main()
