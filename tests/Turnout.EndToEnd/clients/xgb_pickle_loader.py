"""Loads the notebook's pickled SageMaker XGBoost 0.90 model into xgboost 1.7.

xgboost 1.7 cannot unpickle a 0.90 Booster itself, but the pickle's state dict carries the legacy binary
model in 'handle'. Shared by xgb_reference.py (the tests' reference predictions) and bench/peer/serve.py
(the benchmark's peer), which puts this directory on sys.path.
"""
import io
import pickle
import tarfile


class _BoosterState:
    """Stands in for xgboost.core.Booster and keeps the pickled state."""

    def __init__(self, *args, **kwargs):
        self.state = None

    def __setstate__(self, state):
        self.state = state


class _RestrictedUnpickler(pickle.Unpickler):
    # Only the Booster class is faked; anything else from xgboost is refused so a surprising
    # artifact fails loudly instead of being half-read.
    def find_class(self, module, name):
        if module == "xgboost.core" and name == "Booster":
            return _BoosterState
        if module.startswith("xgboost"):
            raise pickle.UnpicklingError(f"unexpected class {module}.{name} in model pickle")
        return super().find_class(module, name)


def load_booster(tarball_path):
    """The xgboost.Booster in a model.tar.gz (its first regular, non-hidden file is the pickle)."""
    import xgboost  # imported lazily: only Debian's python has it, and the clients import this module anyway

    with tarfile.open(tarball_path, "r:gz") as tar:
        member = next(m for m in tar.getmembers() if m.isfile() and not m.name.split("/")[-1].startswith("."))
        raw = tar.extractfile(member).read()
    state = _RestrictedUnpickler(io.BytesIO(raw)).load()
    booster = xgboost.Booster()
    booster.load_model(bytearray(state.state["handle"]))
    return booster
