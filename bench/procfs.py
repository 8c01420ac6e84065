"""CPU time and memory of a process tree, read from /proc (Linux only, no psutil)."""
import os
import pathlib

_PROC = pathlib.Path("/proc")
_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def _stat_fields(pid: int) -> list:
    """/proc/PID/stat split after the command name (which may hold spaces and parentheses)."""
    text = (_PROC / str(pid) / "stat").read_text()
    return text[text.rindex(")") + 2:].split()


def descendants(root: int) -> list:
    """Every live process below `root` (gunicorn's workers), found through their parent ids."""
    children = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            try:
                children.setdefault(int(_stat_fields(int(entry.name))[1]), []).append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue  # the process exited while we looked
    found, queue = [], [root]
    while queue:
        kids = children.get(queue.pop(), [])
        found.extend(kids)
        queue.extend(kids)
    return sorted(found)


def cpu_seconds(pids: list) -> float:
    """User + system CPU time the processes have used so far (exited ones count 0)."""
    total_ticks = 0
    for pid in pids:
        try:
            fields = _stat_fields(pid)
        except OSError:
            continue
        total_ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total_ticks / _TICKS_PER_SECOND


def rss_bytes(pid: int) -> int:
    """Resident set size of one process (0 if it is gone)."""
    try:
        resident_pages = int((_PROC / str(pid) / "statm").read_text().split()[1])
    except OSError:
        return 0
    return resident_pages * _PAGE_BYTES
