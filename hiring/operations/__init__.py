"""Running the app in production: health probes, backups and restores."""
