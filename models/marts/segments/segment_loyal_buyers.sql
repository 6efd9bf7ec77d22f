{{ segment_purchasers(min_purchases=var('loyal_buyers_min_purchases', 7), window_days=365) }}
