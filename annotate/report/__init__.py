"""Reporting on labelled work: agreement between reviewers, plots, and a spreadsheet-safe export."""
from annotate.report.agreement import agreement, cohen_kappa
from annotate.report.export import export_report, report_frame
from annotate.report.plots import findings_vs_quality, frame_distribution, hedging_and_quotes

__all__ = [
    "agreement",
    "cohen_kappa",
    "export_report",
    "findings_vs_quality",
    "frame_distribution",
    "hedging_and_quotes",
    "report_frame",
]
