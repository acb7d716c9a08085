from bench.api_cards import main

main()
