"""Time-to-fill forecasts: Monte Carlo over the organisation's stage history (pure
``simulation``), the history read with SQL aggregates (``services``), and the chart."""
