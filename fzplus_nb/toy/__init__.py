"""The scale model's own domain: the toy-face renderer, the trainer of the embedded default, its judges and its report."""
