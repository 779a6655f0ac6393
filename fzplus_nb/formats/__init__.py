"""Model files: reading NVIDIA (PyTorch and TF), rosinality, genforce and our own checkpoints without executing them; the registry of known and packaged models and their companion files."""
