"""The batch baseline: read every ``*.yaml`` file of a folder with PyYAML's C loader, nothing else.

python bench/yaml_baseline.py FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def main() -> None:
    for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
        yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)


if __name__ == "__main__":
    main()
