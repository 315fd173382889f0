"""Precomputed browser twins: live explorers whose controls are all finite.

Each line registers, with :func:`commlib.widgets.browser.grid_twin`, a live explorer whose
every setting the site holds as the live widget's own result (see that function). The live
explorers stay in their topic modules; only their site twins are declared here.
"""

from __future__ import annotations

from commlib.widgets import allocations, mergers, provider_selection, who_commissions
from commlib.widgets.browser import grid_twin

#: NHS England's budget by stream, one year at a time (chapter 4).
grid_twin("budget-streams", allocations.budget_streams_widget)
#: The commissioning cycle, one stage at a time (chapter 1).
grid_twin("commissioning-cycle", who_commissions.cycle_live_explorer)
#: Each 2026/27 ICB and the ICBs it was formed from (chapter 5).
grid_twin("icb-mergers", mergers.merger_explorer)
#: Which Provider Selection Regime route applies (chapter 5).
grid_twin("provider-selection", provider_selection.live_explorer)
