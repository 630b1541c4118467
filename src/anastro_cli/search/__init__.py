"""Search that understands patients: query reading, ranking, did-you-mean and intent."""
