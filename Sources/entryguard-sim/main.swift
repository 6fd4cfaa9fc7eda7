print("entryguard-sim: in progress")
