from twofold.cli import main

main()
