"""A KPM's bookkeeping: sales and spending in integer rupiah, with an audit trail."""
