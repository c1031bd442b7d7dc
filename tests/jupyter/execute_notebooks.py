"""Executes the chapter's notebooks headless through our kernel with nbclient (what papermill and nbconvert use).

Usage: /usr/bin/python3 tests/jupyter/execute_notebooks.py OUT_DIR [NOTEBOOK...]   (default: notebooks/*.ipynb)
Writes each executed notebook to OUT_DIR (never into git) and OUT_DIR/summary.json: per notebook its seconds, the
errors, the values Show() recorded (display metadata mnist_scripting.report), and every image/png with its size.
The kernel is whatever kernelspec JUPYTER_PATH finds under the notebooks' own name (mnist-scripting).
Exit code: 0 when every notebook ran without an error output, 1 otherwise.
"""
import base64, glob, json, os, struct, sys, time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

out_dir = sys.argv[1]
paths = sys.argv[2:] or sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "..", "notebooks", "*.ipynb")))
os.makedirs(out_dir, exist_ok=True)
summary = {}
failed = False
for path in paths:
    name = os.path.splitext(os.path.basename(path))[0]
    nb = nbformat.read(path, as_version=4)
    started = time.time()
    problem = None
    try:
        # The notebook's folder is the working folder, as in Jupyter, so its relative #load paths resolve.
        NotebookClient(nb, timeout=900, resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}}).execute()
    except CellExecutionError as e:
        problem = str(e).splitlines()[-1] if str(e) else "cell failed"
    seconds = time.time() - started
    nbformat.write(nb, os.path.join(out_dir, name + ".ipynb"))
    errors, reports, images, streams = [], {}, [], []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for o in cell.get("outputs", []):
            if o.output_type == "error":
                errors.append(f"{o.ename}: {o.evalue}")
            elif o.output_type == "stream":
                streams.append(o.text)
            elif o.output_type in ("display_data", "execute_result"):
                report = o.get("metadata", {}).get("mnist_scripting", {}).get("report")
                if report:
                    reports[report["name"]] = report["value"]
                if "image/png" in o.get("data", {}):
                    size = o.get("metadata", {}).get("image/png", {})
                    png = base64.b64decode(o["data"]["image/png"])
                    # The PNG's own size from its IHDR chunk, to compare with what the metadata says.
                    png_w, png_h = struct.unpack(">II", png[16:24]) if png[:8] == b"\x89PNG\r\n\x1a\n" else (0, 0)
                    images.append({"path": o["data"].get("text/plain", ""), "width": size.get("width"),
                                   "height": size.get("height"), "png_width": png_w, "png_height": png_h,
                                   "bytes": len(png)})
    if problem and not errors:
        errors.append(problem)
    failed |= bool(errors)
    summary[name] = {"seconds": round(seconds, 2), "errors": errors, "reports": reports, "images": images,
                     "stdout": "".join(streams)}
    print(f"{name}: {seconds:.1f} s, {len(errors)} errors, {len(reports)} values, {len(images)} images", flush=True)
    for e in errors:
        print(f"  {e}", flush=True)
with open(os.path.join(out_dir, "summary.json"), "w") as f:
    json.dump(summary, f, indent=1)
sys.exit(1 if failed else 0)
