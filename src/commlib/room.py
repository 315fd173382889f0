"""A cap on the funding explorer app's kernels, so that a full room says so instead of hanging.

Neither Voilà 0.5 nor Jupyter Server has a setting for the most kernels one server runs. Voilà
takes its kernel manager class from configuration
(``VoilaConfiguration.multi_kernel_manager_class``) and builds its pre-heated pool on top of
it, so :class:`RoomKernelManager` is Jupyter Server's own kernel manager with one check added:
it starts no kernel once ``max_kernels`` are running (the pool's included). A learner who
arrives then gets Voilà's error page for HTTP 503 with :data:`ROOM_FULL` (the app's template,
``notebooks/voila/templates/commlib/503.html``), at once, rather than a page that waits for a
kernel the machine cannot run. ``notebooks/voila/voila.json`` sets the cap for `make app`.

With a pool, the refill that follows a learner's arrival is what meets the cap: the pool's
next place then holds the refusal, and the next learner gets the page. Once kernels are culled
or closed, new learners start kernels again (without the pool's head start).
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

__all__ = ["ROOM_FULL", "RoomKernelManager"]

#: What a learner reads when the room is full.
ROOM_FULL = ("This explorer is serving as many learners as this machine can: the room is "
             "full. Wait a minute and try again, or ask the trainer; a learner who closes the "
             "page frees a place.")


class RoomKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager, refusing to start more than ``max_kernels``."""

    max_kernels = Integer(
        0, config=True,
        help="The most kernels running at once, pre-heated ones included (0: no cap). A "
             "learner who would start one more gets the 'room is full' page.",
    )

    def running(self) -> int:
        """Kernels running or starting."""
        pending = getattr(self, "_pending_kernels", {}) or {}
        return len(set(self._kernels) | set(pending))

    async def start_kernel(self, *args, **kwargs):
        if self.max_kernels and kwargs.get("kernel_id") is None \
                and self.running() >= self.max_kernels:
            self.log.warning("The room is full: %s kernels running, the cap is %s",
                             self.running(), self.max_kernels)
            raise web.HTTPError(503, ROOM_FULL, reason="The room is full")
        return await super().start_kernel(*args, **kwargs)
