"""Starts a Jupyter kernel as nbconvert and the notebook server do (jupyter_client's KernelManager), for
tests/JupyterKernelNetworkTests.cs.

Usage: python3 start-kernel.py KERNEL_NAME WORKING_FOLDER READY_TIMEOUT_SECONDS

Once the kernel answers kernel_info it prints one line, "kernel-ready {json}", with the kernel's process id and the
five ports Jupyter gave it (its ZeroMQ channels), then keeps the kernel running until a line arrives on standard input
or standard input closes, and shuts it down. The kernel's own output goes to standard output too.
JUPYTER_PATH in the environment adds kernelspec folders, as for Jupyter itself.
"""
import json
import sys

from jupyter_client.manager import KernelManager

name, folder, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
manager = KernelManager(kernel_name=name)
manager.start_kernel(cwd=folder)
client = manager.client()
client.start_channels()
try:
    client.wait_for_ready(timeout=timeout)
    ports = [manager.shell_port, manager.iopub_port, manager.stdin_port, manager.control_port, manager.hb_port]
    print("kernel-ready " + json.dumps({"pid": manager.provisioner.pid, "ports": ports}), flush=True)
    sys.stdin.readline()
finally:
    client.stop_channels()
    manager.shutdown_kernel(now=True)
