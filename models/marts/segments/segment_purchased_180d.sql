{{ segment_purchasers(min_purchases=1, window_days=180) }}
