"""What the paper measures: LPIPS (and toy LPIPS), MSE, SSIM, identity similarity, the paired non-inferiority test."""
def __getattr__(name):  # the old module `fzplus_nb.metrics` (now `fzplus_nb.metrics.scores`): its names for one release
    from ..compat import moved_attribute
    return moved_attribute('fzplus_nb.metrics', 'fzplus_nb.metrics.scores', name)
