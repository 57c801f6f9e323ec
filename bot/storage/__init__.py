"""The app's database: typed records, one transaction per turn, export and forgetting."""
