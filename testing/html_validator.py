"""The Nu Html Checker (npm vnu-jar, run with Java), run once over many documents."""

import json
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def validate_documents(documents):
    """Validate {name: html}; return {name: [error messages]} for documents with errors."""
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{index}.html"
            path.write_text(html, encoding="utf-8")
            paths[str(path)] = name
        completed = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always", *paths],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    errors = {}
    for message in json.loads(completed.stderr or completed.stdout)["messages"]:
        name = paths.get(message.get("url", "").removeprefix("file:"), message.get("url"))
        errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors
