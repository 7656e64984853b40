print("tokendeck-bench")
