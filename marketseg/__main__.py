from marketseg.cli import main

raise SystemExit(main())
