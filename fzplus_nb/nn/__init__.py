"""The networks: StyleGAN2 and StyleGAN1 in plain PyTorch (W, W+, S access; base-code injection), and a small discriminator."""
from . import generator, stylegan1  # both generator families: stylegan1 registers itself in generator.GENERATOR_FAMILIES
