"""The networks: StyleGAN2 and StyleGAN1 in plain PyTorch (W, W+, S access; base-code injection)."""
