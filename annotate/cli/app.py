"""The ``annotate lab`` and ``annotate app`` sub-commands: JupyterLab on a working copy, and the team app."""
from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import socket
import subprocess
import sys
from importlib import resources
from pathlib import Path

from annotate.cli.common import error
from annotate.cli.score import CORPUS_HELP

#: Where a server listens unless told otherwise: this machine only.
LOCAL_IP = "127.0.0.1"
APP_PORT = 8866
#: The team app's token comes from the environment, never the command line (which `ps` shows to all users).
TOKEN_ENV = "ANNOTATE_APP_TOKEN"
#: JupyterLab's token, likewise: Jupyter's own variable, read by the settings file below (and by Jupyter itself).
LAB_TOKEN_ENV = "JUPYTER_TOKEN"
#: Bytes of randomness in a generated token: 32 characters, far beyond guessing.
TOKEN_BYTES = 24
#: A visitor's kernel (about 200 MB with the scorers loaded) is shut down this long after their tab
#: closed: long enough for a reload or a flaky connection, short enough that a day of visits cannot
#: fill the server's memory. Checked every CULL_INTERVAL_S seconds.
CULL_AFTER_S = 600
CULL_INTERVAL_S = 60
#: The TCP ports a server can listen on (0 would be any free port, which nobody could be told in advance).
PORTS = range(1, 65536)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lab`` and ``app`` on the main parser's sub-commands."""
    lab = sub.add_parser("lab", help="open a notebook in JupyterLab through a working copy git ignores",
                         description="Copy a tracked notebook to work/ (once, or when it changed and your copy "
                                     "did not) and open the copy in JupyterLab on 127.0.0.1 with a token.")
    lab.add_argument("notebook", nargs="?", default="notebooks/02_review_framing.ipynb")
    lab.add_argument("--dry-run", action="store_true", help="print the command instead of running it")
    app = sub.add_parser("app", help="serve the review panel to a team with Voilà (sign in with a name)",
                         description="Serve the review app: each visitor gives a name and a codebook. Listens on "
                                     f"{LOCAL_IP} unless --ip says otherwise; any other address needs a token "
                                     f"(${TOKEN_ENV}, or one is generated and printed).")
    app.add_argument("--corpus", default="seeds", help=CORPUS_HELP)
    app.add_argument("--labels", default=None, help="labels folder (default: $ANNOTATE_LABELS_DIR or labels)")
    app.add_argument("--codebook", action="append", default=None,
                     help="a codebook visitors may choose (bundled id or YAML path); repeat for several")
    app.add_argument("--ip", default=LOCAL_IP, help=f"address to listen on (default {LOCAL_IP}: this machine only)")
    app.add_argument("--port", type=port, default=APP_PORT, help=f"port to listen on, 1 to 65535 (default {APP_PORT})")
    app.add_argument("--cull-after", type=int, default=CULL_AFTER_S, metavar="SECONDS",
                     help=f"shut a visitor's kernel down this long after their page closed (default {CULL_AFTER_S})")
    app.add_argument("--dry-run", action="store_true", help="print the command instead of running it")


def port(value: str) -> int:
    """An argparse type: a TCP port a server can listen on (1 to 65535)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid port: {value!r} (a number from 1 to 65535)") from None
    if number not in PORTS:
        raise argparse.ArgumentTypeError(f"invalid port: {value!r} (a number from 1 to 65535)")
    return number


def check_app(corpus: str, labels: str, codebooks: list[str] | None) -> str | None:
    """Why the app could not serve these (a corpus it cannot open, a labels path that is a file, a codebook that
    does not load), or None: said here, before the server starts, not to the first visitor who signs in."""
    from annotate.corpus import CorpusError, iter_corpus
    from annotate.labels.codebooks import CodebookError, load_codebook

    try:
        iter_corpus(corpus, warn=False)  # the path and its format only: no record is read
    except (CorpusError, OSError) as exc:
        return f"--corpus {exc}"
    if Path(labels).exists() and not Path(labels).is_dir():
        return f"--labels {labels}: is a file, not a labels folder"
    for codebook in codebooks or []:
        try:
            load_codebook(codebook)
        except CodebookError as exc:
            return f"--codebook {exc}"
    return None


def is_loopback(ip: str) -> bool:
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def root_flag() -> list[str]:
    """Jupyter refuses to run as root without --allow-root; CI and sandboxes run as root."""
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


#: What `annotate lab` holds JupyterLab to whatever the user's Jupyter config says: the command line overrides
#: every config file (tests/security/test_server_settings.py starts it under one that turns all of this off).
LAB_PINS = (
    f"--ServerApp.ip={LOCAL_IP}",
    "--ServerApp.sock=",  # no Unix socket in place of the address
    "--ServerApp.allow_remote_access=False",  # a request must name this machine as its Host: no DNS rebinding
    "--ServerApp.disable_check_xsrf=False",
    "--ServerApp.allow_origin=",  # no other site's pages may call the server
    "--ServerApp.allow_origin_pat=",
    "--ServerApp.authenticate_prometheus=True",  # /metrics too needs the token
    "--ServerApp.authorizer_class=jupyter_server.auth.authorizer.AllowAllAuthorizer",
)
#: The settings file `annotate lab` writes beside the working copy and starts JupyterLab with (--config): what
#: must not be on the command line (the token, read from the environment) or may not be named there.
LAB_CONFIG_NAME = ".annotate_lab_config.py"
LAB_CONFIG = f"""\
# Written by `annotate lab` each time it starts JupyterLab (annotate/cli/app.py); edits are replaced.
# JupyterLab reads it through --config: after the user's other Jupyter config, so what it sets here holds.
import os
import secrets

from jupyter_core.paths import jupyter_config_path
from traitlets.config.loader import ConfigFileNotFound, JSONFileConfigLoader, PyFileConfigLoader

c = get_config()  # noqa: F821
# --config takes the place of the user's jupyter_server_config files: they are read here first, lowest first.
for folder in reversed(jupyter_config_path()):
    for loader in (PyFileConfigLoader, JSONFileConfigLoader):
        try:
            c.merge(loader("jupyter_server_config" + (".py" if loader is PyFileConfigLoader else ".json"),
                           path=folder).load_config())
        except ConfigFileNotFound:
            pass
# The token annotate lab made (or ${LAB_TOKEN_ENV} as the user set it), on every class that could take it; taken out
# of the environment, so that no kernel sees it (nor a notebook that prints its environment). Never none at all.
c.IdentityProvider.token = c.PasswordIdentityProvider.token = (os.environ.pop("{LAB_TOKEN_ENV}", "")
                                                               or secrets.token_urlsafe(24))
c.ServerApp.identity_provider_class = "jupyter_server.auth.identity.PasswordIdentityProvider"
c.PasswordIdentityProvider.hashed_password = ""  # the token is the one way in
c.PasswordIdentityProvider.password_required = False
"""


def lab_command(notebook: Path, root_dir: Path, config: Path | None = None) -> list[str]:
    """JupyterLab on this machine only, held to LAB_PINS, with the token and login set by ``config`` (LAB_CONFIG)."""
    return [sys.executable, "-m", "jupyterlab", str(notebook), *LAB_PINS, f"--ServerApp.root_dir={root_dir}",
            *([f"--config={config}"] if config is not None else []), *root_flag()]


def lab_token() -> str:
    """JupyterLab's token: ``$JUPYTER_TOKEN`` as the user set it, else a new random one."""
    return os.environ.get(LAB_TOKEN_ENV, "").strip() or secrets.token_urlsafe(TOKEN_BYTES)


def app_paths() -> tuple[Path, Path]:
    """The app notebook and the folder whose voila/templates/ holds its page template (package data)."""
    folder = Path(str(resources.files("annotate").joinpath("cli", "voila_app")))
    return folder / "review.ipynb", folder


# Voilà takes a token only as an option: this starts it with the token read from the environment (and
# removed from it, so kernels never see it), so the token is not in the command line that `ps` shows. The
# option is always given, empty without a token, so that no config file can set another.
# traitlets calls the dict form of --Voila.tornado_settings deprecated; its key=value form cannot say False.
_LAUNCH = ("import os, sys, warnings; from voila.app import main; "
           "warnings.filterwarnings('ignore', '--tornado_settings', DeprecationWarning); "
           f"t = os.environ.pop({TOKEN_ENV!r}, ''); "
           "sys.argv = ['voila', *sys.argv[1:], f'--token={t}']; sys.exit(main())")


def app_pins(ip: str) -> list[str]:
    """What the app holds Voilà to whatever the user's config (or a voila.json where it starts) says.

    On this machine it needs no token (the documented choice: whoever can reach 127.0.0.1 can run the notebook
    anyway), so a request must name this machine as its Host: a web page elsewhere cannot reach it by pointing a
    name of its own at 127.0.0.1 (DNS rebinding). On the network the token is the one way in: no password.
    """
    local = is_loopback(ip)
    return [f"--Voila.ip={ip}",
            # Replaces any tornado_settings from config; on the network Voilà's own setting (any Host) stands.
            '--Voila.tornado_settings={"allow_remote_access": False}' if local else "--Voila.tornado_settings={}",
            "--Voila.identity_provider_class=jupyter_server.auth.identity.PasswordIdentityProvider",
            "--Voila.authorizer_class=jupyter_server.auth.authorizer.AllowAllAuthorizer",
            "--PasswordIdentityProvider.hashed_password=", "--PasswordIdentityProvider.password_required=False"]


def app_command(ip: str, port: int, cull_after: int = CULL_AFTER_S) -> list[str]:
    """Voilà serving the review app with the offline page template (the token comes from ``app_env``).

    A closed tab leaves its kernel behind (Voilà's shutdown request is refused for want of an XSRF
    token), so kernels with no open page are shut down after ``cull_after`` idle seconds; a kernel with
    its page open is never culled, however long the reviewer reads.
    """
    notebook, _ = app_paths()
    return [sys.executable, "-c", _LAUNCH, str(notebook), "--no-browser", f"--port={port}",
            "--Voila.port_retries=0", *app_pins(ip), "--template=annotate",
            f"--MappingKernelManager.cull_idle_timeout={cull_after}",
            f"--MappingKernelManager.cull_interval={max(1, min(CULL_INTERVAL_S, cull_after))}",
            "--MappingKernelManager.cull_connected=False"]


def app_env(corpus: str, labels: str | None, codebooks: list[str] | None, token: str | None) -> dict[str, str]:
    """The app kernel's environment: absolute paths (Voilà runs it beside the packaged notebook)."""
    _, template_root = app_paths()
    env = dict(os.environ)
    env["ANNOTATE_CORPUS"] = str(Path(corpus).resolve())
    env["ANNOTATE_LABELS_DIR"] = str(Path(labels or env.get("ANNOTATE_LABELS_DIR") or "labels").resolve())
    env["ANNOTATE_CODEBOOKS"] = os.pathsep.join(
        c if Path(c).suffix.lower() not in (".yaml", ".yml") else str(Path(c).resolve()) for c in codebooks or [])
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(template_root), env.get("JUPYTER_PATH")]))
    if token:
        env[TOKEN_ENV] = token
    return env


def app_token(ip: str) -> str | None:
    """The token the app requires: ``$ANNOTATE_APP_TOKEN``, else a new one when serving beyond this machine."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    return None if is_loopback(ip) else secrets.token_urlsafe(TOKEN_BYTES)


def _become(command: list[str], env: dict[str, str]) -> int:
    """Replace this process with the server, so Ctrl+C and a supervisor's SIGTERM reach it (and its kernels)."""
    sys.stderr.flush()
    if os.name == "posix":
        os.execve(command[0], command, env)
    return subprocess.call(command, env=env)  # no exec on Windows: wait for the server instead


def run_lab(args: argparse.Namespace) -> int:
    from annotate.cli.workspace import WorkspaceError, working_copy

    try:
        copy, note = working_copy(args.notebook, dry_run=args.dry_run)
    except (WorkspaceError, OSError) as exc:  # OSError: the work/ folder or its copy cannot be written
        return error(exc)
    print(f"annotate lab: {note}", file=sys.stderr)
    config = copy.parent / LAB_CONFIG_NAME
    command = lab_command(copy, Path.cwd(), config)
    if args.dry_run:
        print(" ".join(command))
        return 0
    try:
        config.write_text(LAB_CONFIG, encoding="utf-8")
    except OSError as exc:
        return error(f"{config}: cannot be written ({exc.strerror or exc})")
    token = lab_token()
    print(f"annotate lab: JupyterLab on this machine only, token {token} (the browser opens signed in; "
          f"elsewhere add ?token={token} to the address it prints)", file=sys.stderr)
    return _become(command, {**os.environ, LAB_TOKEN_ENV: token})


def run_app(args: argparse.Namespace) -> int:
    token = app_token(args.ip)
    command = app_command(args.ip, args.port, args.cull_after)
    env = app_env(args.corpus, args.labels, args.codebook, token)
    problem = check_app(args.corpus, env["ANNOTATE_LABELS_DIR"], args.codebook)
    if problem is not None:  # in a dry run too: it says whether the real one would serve
        return error(problem)
    where = "this machine only" if is_loopback(args.ip) else "the network: share the address with your team"
    host = socket.gethostname() if args.ip in ("0.0.0.0", "::") else args.ip
    url = f"http://{host}:{args.port}/" + (f"?token={token}" if token else "")
    print(f"annotate app: serving {env['ANNOTATE_CORPUS']} on {where}: {url}\n"
          f"annotate app: labels go to {env['ANNOTATE_LABELS_DIR']}", file=sys.stderr)
    if args.dry_run:
        print(" ".join(command))
        return 0
    return _become(command, env)
