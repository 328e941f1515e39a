from huvudman.cli import main

main()
