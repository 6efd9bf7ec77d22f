{{ segment_purchasers(min_purchases=2, window_days=180) }}
