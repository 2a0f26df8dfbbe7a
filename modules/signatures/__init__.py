import warnings

# pyHanko imports cryptography's DSA types, which cryptography marks deprecated: a warning on every command that
# the operator cannot act on. Only that warning, only from pyHanko.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")
