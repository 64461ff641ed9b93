print("plinv")
