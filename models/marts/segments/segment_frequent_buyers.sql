{{ segment_purchasers(min_purchases=var('frequent_buyers_min_purchases', 5), window_days=180) }}
