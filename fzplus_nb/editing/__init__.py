"""Editing: directions (GANSpace with the Eq. 6 regression, InterfaceGAN, SeFa) and the edit rule of every space."""
