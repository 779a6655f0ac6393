"""Applications on top of the method: the command line, the interactive editor and the paper runner."""
