"""`python -m tests.golden`: regenerate the committed golden snapshot."""

from tests.golden import REPO, SNAPSHOT, regenerate

print(f"wrote {regenerate()} files to {SNAPSHOT.relative_to(REPO)}")
