"""Jobs on files: config in, files out (a real photo: detect, align, invert, edit, paste back)."""
